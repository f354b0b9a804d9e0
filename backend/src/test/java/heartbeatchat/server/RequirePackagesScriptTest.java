package heartbeatchat.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code src/test/setup/require-packages}, which the build runs before the end-to-end tests: a
 * program reached through a symbolic link counts as installed (Debian 12's chromium-driver), a
 * missing one is installed with apt-get, and one still missing stops the build with one line. A
 * fake {@code apt-get} and {@code sudo} first on the PATH record what would have been run.
 */
class RequirePackagesScriptTest {
    private static final Path SCRIPT = Path.of("src/test/setup/require-packages").toAbsolutePath();

    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr, List<String> installerCalls) {
    }

    /** Runs the script with a fake apt-get whose install step runs {@code onInstall}. */
    private Run run(String onInstall, String... pairs) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        Files.writeString(calls, "");
        executable(bin.resolve("apt-get"), "#!/bin/sh\necho \"apt-get $*\" >> " + calls + "\n"
                + "case \"$1\" in install) " + onInstall + " ;; esac\n");
        executable(bin.resolve("sudo"), "#!/bin/sh\necho \"sudo\" >> " + calls + "\nexec \"$@\"\n");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
        pb.command().addAll(List.of(pairs));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")),
                Files.readAllLines(calls).stream().filter(l -> !l.equals("sudo")).toList());
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aProgramReachedThroughASymbolicLinkCountsAsInstalled() throws Exception {
        Path real = dir.resolve("lib/chromium/chromedriver");
        Files.createDirectories(real.getParent());
        executable(real, "#!/bin/sh\n");
        Path link = Files.createSymbolicLink(dir.resolve("chromedriver"), Path.of("lib/chromium/chromedriver"));

        Run run = run("exit 1", link + "=chromium-driver");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(List.of(), run.installerCalls(), "nothing to install");
        assertEquals("", run.stdout() + run.stderr());
    }

    @Test
    void aFontCountsAsAFileWhileAProgramMustBeExecutable() throws Exception {
        Path font = Files.createDirectories(dir.resolve("fonts")).resolve("NotoColorEmoji.ttf");
        Files.writeString(font, "not a program");
        Path notRunnable = Files.createDirectories(dir.resolve("usr/bin")).resolve("openssl");
        Files.writeString(notRunnable, "not executable");

        Run run = run("exit 1", font + "=fonts-noto-color-emoji", notRunnable + "=openssl");

        assertEquals(1, run.exit());
        assertEquals(List.of("apt-get update -qq", "apt-get install -y -qq openssl"), run.installerCalls(),
                "the font is there; the program under bin/ is not runnable");
    }

    @Test
    void aMissingProgramIsInstalledFromItsPackage() throws Exception {
        Path program = dir.resolve("chromium");
        Run run = run("printf '#!/bin/sh\\n' > " + program + "; chmod +x " + program, program + "=chromium");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(List.of("apt-get update -qq", "apt-get install -y -qq chromium"), run.installerCalls());
    }

    @Test
    void aProgramStillMissingAfterTheInstallStopsTheBuildWithOneLine() throws Exception {
        Path browser = dir.resolve("chromium");
        Path driver = dir.resolve("chromedriver");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));

        Run run = run("exit 100", browser + "=chromium", driver + "=chromium-driver", dangling + "=chromium-driver");

        assertEquals(1, run.exit());
        assertEquals(List.of("apt-get update -qq", "apt-get install -y -qq chromium chromium-driver"),
                run.installerCalls());
        assertEquals("The tests need " + browser + " " + driver + " " + dangling
                + ": sudo apt-get install -y chromium chromium-driver\n", run.stderr());
        assertTrue(run.stdout().startsWith("require-packages: "), run.stdout());
    }
}
