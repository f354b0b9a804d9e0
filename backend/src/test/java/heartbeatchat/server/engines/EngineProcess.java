package heartbeatchat.server.engines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the engines' command-line tools, as another user when asked, and says what failed. */
final class EngineProcess {
    private EngineProcess() {
    }

    /** A fresh directory under target/engines for one engine's data. */
    static Path newDirectory(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("chat.targetDir", "target"), "engines").toAbsolutePath();
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs the command (through {@code runuser -u user} when this is root and a user is given) and waits. */
    static String run(String user, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (user != null && isRoot()) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", full) + " did not finish in " + timeoutSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
