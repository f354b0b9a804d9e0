package heartbeatchat.server.transport;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageFilesTest {
    /** The web module's files (this module's resources) and the compiled client (the frontend's jar). */
    @Test
    void listsExactlyTheFilesTheBuildPutUnderPublic() throws Exception {
        List<String> built = new ArrayList<>();
        for (URL root : Collections.list(PageFiles.class.getClassLoader().getResources("public"))) {
            if (root.getProtocol().equals("file")) {
                Path dir = Path.of(root.toURI());
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(Files::isRegularFile).forEach(p -> built.add(dir.relativize(p).toString().replace('\\', '/')));
                }
            } else {
                String jar = root.getPath().substring("file:".length(), root.getPath().indexOf("!/"));
                try (JarFile file = new JarFile(jar)) {
                    file.stream().map(JarEntry::getName).filter(n -> n.startsWith("public/") && !n.endsWith("/"))
                            .forEach(n -> built.add(n.substring("public/".length())));
                }
            }
        }
        assertEquals(built.stream().sorted().toList(), PageFiles.NAMES.stream().sorted().toList(),
                "a file added to the page must be listed in PageFiles.NAMES, or it is not served");
    }

    @Test
    void eachKindHasItsContentTypeAndAnUnknownOneIsRefused() {
        assertEquals("text/html; charset=utf-8", PageFiles.contentType("index.html"));
        assertEquals("text/javascript; charset=utf-8", PageFiles.contentType("js/chat.js"));
        assertEquals("text/css; charset=utf-8", PageFiles.contentType("style.css"));
        assertThrows(IllegalArgumentException.class, () -> PageFiles.contentType("logo.png"));
    }
}
