package heartbeatchat.server.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The SQLite driver's native library, kept in the data directory. Left to itself the driver copies
 * its library (1.1 MB on Linux x86-64) out of the jar into the temporary directory under a new random
 * name at every start, reads the copy back to compare it with the jar's byte by byte, and deletes it
 * at a normal exit only: a server that is killed leaves its copy behind for good, because the lock
 * file beside it tells later starts that it is in use. Here the library is copied once, to
 * {@code <data>/native/sqlite-jdbc-<version>/<platform>/}, where only the server's user may write,
 * and every later start loads that copy (docs/bench/PROFILE.md, section 14).
 */
final class SqliteNativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String DIRECTORY = "native";
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    /** The driver loads its library once per process, with the first connection: later calls change nothing. */
    private static boolean asked;

    private SqliteNativeLibrary() {
    }

    /**
     * Points the driver at the copy in {@code dataDir}, made when missing; only the first call in a
     * process does anything. Does nothing when the user chose a library ({@code -Dorg.sqlite.lib.path})
     * or the driver has none for this platform; when the copy cannot be made or loaded, the driver
     * extracts its library itself, as it always did.
     */
    static synchronized void useCopyIn(Path dataDir) {
        if (asked || System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        asked = true;
        try {
            Path library = placeIn(dataDir);
            if (library != null) {
                System.setProperty(PATH_PROPERTY, library.getParent().toAbsolutePath().toString());
                System.setProperty(NAME_PROPERTY, library.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot keep SQLite's native library in {} ({}); the driver extracts it into the temporary directory",
                    dataDir.resolve(DIRECTORY), e.toString());
        }
    }

    /**
     * The copy of the driver's library for this platform under {@code dataDir}, written when missing
     * or not of the jar's size; copies for other versions of the driver are removed. Null when the
     * driver has no library for this platform.
     */
    static Path placeIn(Path dataDir) throws IOException {
        String folder = LibraryLoaderUtil.getNativeLibResourcePath(); // "/org/sqlite/native/Linux/x86_64"
        String name = LibraryLoaderUtil.getNativeLibName();
        URL resource = SQLiteJDBCLoader.class.getResource(folder + "/" + name);
        if (resource == null) {
            return null;
        }
        Path base = dataDir.resolve(DIRECTORY);
        String version = "sqlite-jdbc-" + SQLiteJDBCLoader.getVersion();
        String platform = folder.substring(folder.indexOf("/native/") + "/native/".length());
        Path library = base.resolve(version).resolve(platform).resolve(name);
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        if (Files.isRegularFile(library) && Files.size(library) == size) {
            return library;
        }
        Files.createDirectories(library.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path partial = Files.createTempFile(library.getParent(), name, ".partial");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r-x------"));
            try {
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        removeOtherVersions(base, version);
        log.info("SQLite's native library for {} kept in {}", platform, library);
        return library;
    }

    private static void removeOtherVersions(Path base, String keep) throws IOException {
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(base, "sqlite-jdbc-*")) {
            for (Path other : versions) {
                if (!other.getFileName().toString().equals(keep)) {
                    try (Stream<Path> files = Files.walk(other)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }
}
