package heartbeatchat.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteNativeLibraryTest {

    private static byte[] jarCopy() throws Exception {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertNotNull(in, "the driver has a library for this platform: " + resource);
            return in.readAllBytes();
        }
    }

    @Test
    void keepsTheDriversLibraryUnderTheVersionAndPlatform(@TempDir Path data) throws Exception {
        Path library = SqliteNativeLibrary.placeIn(data);
        String platform = LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/org/sqlite/native/", "");
        assertEquals(data.resolve("native").resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(platform)
                .resolve(LibraryLoaderUtil.getNativeLibName()), library);
        assertArrayEquals(jarCopy(), Files.readAllBytes(library));
        assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library.getParent())));
        try (var left = Files.list(library.getParent())) {
            assertEquals(1, left.count(), "no partial copy is left beside it");
        }
    }

    @Test
    void aLaterStartUsesTheCopyAsItIs(@TempDir Path data) throws Exception {
        Path library = SqliteNativeLibrary.placeIn(data);
        Object file = Files.readAttributes(library, BasicFileAttributes.class).fileKey();
        var modified = Files.getLastModifiedTime(library);
        assertEquals(library, SqliteNativeLibrary.placeIn(data));
        assertEquals(file, Files.readAttributes(library, BasicFileAttributes.class).fileKey(), "not written again");
        assertEquals(modified, Files.getLastModifiedTime(library));
    }

    @Test
    void aCopyOfAnotherSizeIsReplaced(@TempDir Path data) throws Exception {
        Path library = SqliteNativeLibrary.placeIn(data);
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-------"));
        Files.write(library, new byte[]{1, 2, 3});
        assertEquals(library, SqliteNativeLibrary.placeIn(data));
        assertArrayEquals(jarCopy(), Files.readAllBytes(library));
    }

    @Test
    void copiesForOtherVersionsOfTheDriverAreRemoved(@TempDir Path data) throws Exception {
        Path old = data.resolve("native/sqlite-jdbc-3.0.0.0/Linux/x86_64/libsqlitejdbc.so");
        Files.createDirectories(old.getParent());
        Files.write(old, new byte[]{1});
        Path unrelated = data.resolve("native/README");
        Files.writeString(unrelated, "not the driver's");
        Path library = SqliteNativeLibrary.placeIn(data);
        assertTrue(Files.isRegularFile(library));
        assertFalse(Files.exists(data.resolve("native/sqlite-jdbc-3.0.0.0")));
        assertTrue(Files.exists(unrelated), "only the driver's copies are removed");
    }
}
