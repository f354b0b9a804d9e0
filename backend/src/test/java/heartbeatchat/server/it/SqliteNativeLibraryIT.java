package heartbeatchat.server.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server loads SQLite's native library from its copy in the data directory and leaves nothing in
 * the temporary directory, not even when it is killed: the driver's own way left a 1.1 MB copy there
 * for every killed start.
 */
class SqliteNativeLibraryIT {

    @Test
    void aKilledServerLeavesNoLibraryInTheTemporaryDirectory() throws Exception {
        Path data = ServerProcess.newDataDir();
        Path tmp = Files.createTempDirectory(data.getParent(), "tmpdir-");
        List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp);
        Object firstCopy;
        try (ServerProcess server = ServerProcess.startWithJvmOptions(jvm, 0, data);
             WsClient ann = WsClient.connect(server.wsUrl("/ws"))) {
            ann.logIn("openid-native-library-ann-01", "Ann");
            Path library = loadedFromData(server, data);
            firstCopy = Files.readAttributes(library, BasicFileAttributes.class).fileKey();
            server.kill();
        }
        assertEquals(List.of(), sqliteFilesIn(tmp));
        try (ServerProcess server = ServerProcess.startWithJvmOptions(jvm, 0, data);
             WsClient bob = WsClient.connect(server.wsUrl("/ws"))) {
            bob.logIn("openid-native-library-bob-01", "Bob");
            Path library = loadedFromData(server, data);
            assertEquals(firstCopy, Files.readAttributes(library, BasicFileAttributes.class).fileKey(),
                    "the second start loads the first start's copy");
            assertEquals(List.of(), sqliteFilesIn(tmp));
        }
        assertEquals(List.of(), sqliteFilesIn(tmp));
    }

    /** The library the process has mapped, which must be the copy under the data directory. */
    private static Path loadedFromData(ServerProcess server, Path data) throws Exception {
        List<String> libraries = Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "maps")).stream()
                .filter(l -> l.contains("sqlitejdbc"))
                .map(l -> l.substring(l.indexOf('/')))
                .distinct()
                .toList();
        assertEquals(1, libraries.size(), "one SQLite library mapped: " + libraries);
        Path library = Path.of(libraries.get(0));
        assertTrue(library.startsWith(data.toRealPath().resolve("native")), library + " is under " + data);
        return library;
    }

    private static List<String> sqliteFilesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("sqlite-")).toList();
        }
    }
}
