package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration table lists every option {@code --help} does, so the two cannot drift apart. */
class ReadmeListsEveryOptionTest {

    @Test
    void everyOptionOfHelpIsInTheReadmesTable() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher flags = Pattern.compile("(--[a-z][a-z-]+) VALUE").matcher(ServerOptions.usage());
        int count = 0;
        while (flags.find()) {
            count++;
            assertTrue(readme.contains("| `" + flags.group(1) + "`") || readme.contains(", `" + flags.group(1) + "`"),
                    flags.group(1) + " is missing from the README's configuration table");
        }
        assertTrue(count >= 20, count + " options found in --help");
    }
}
