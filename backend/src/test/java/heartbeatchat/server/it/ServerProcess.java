package heartbeatchat.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server jar run as a real process, on a free port unless one is given. Its output is
 * kept so tests can look for log lines; {@link #close()} always ends it.
 */
public final class ServerProcess implements AutoCloseable {
    /** The start line, as text or inside a JSON log line (where "/" may be written "\/"). */
    private static final Pattern LISTENING = Pattern.compile("listening on https?:\\\\?/\\\\?/[^:]+:(\\d+)\\\\?/");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServerProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::readOutput, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the server on the port (0: any free one) with a new, empty data directory. */
    public static ServerProcess start(int port, String... args) throws Exception {
        return start(port, newDataDir(), args);
    }

    /** A fresh directory under target/ for one server's database. */
    public static Path newDataDir() throws IOException {
        Path base = Path.of(System.getProperty("chat.targetDir", "target"), "it-data");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "server-");
    }

    /** Starts the server on the port with its database in {@code dataDir}, and waits until it listens. */
    public static ServerProcess start(int port, Path dataDir, String... args) throws Exception {
        return startWithJvmOptions(List.of(), port, dataDir, args);
    }

    /** {@link #start(int, Path, String...)} with options for the JVM (before {@code -jar}). */
    public static ServerProcess startWithJvmOptions(List<String> jvmOptions, int port, Path dataDir, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--data", dataDir.toString()));
        command.addAll(List.of(args));
        ServerProcess server = new ServerProcess(command);
        try {
            server.port.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new AssertionError("server did not start; output: " + server.output(), e);
        }
        return server;
    }

    /** Runs the jar with the given arguments to completion; returns its exit code and output. */
    public static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jar did not exit: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    public record Result(int exitCode, String output) {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("chat.jar", "target/heartbeat-chat.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar.toAbsolutePath() + "; run mvn verify");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("server output ended"));
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port.join();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port() + "/";
    }

    public String wsUrl(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /**
     * Waits up to 10 s for a line of the server's output containing {@code fragment}: a line logged
     * as a client sees what caused it (a close, a refusal) is read from the process's pipe a moment
     * later. Fails with the output so far.
     */
    public void awaitLine(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (output().stream().noneMatch(l -> l.contains(fragment))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line of the server's output contains " + fragment + ": " + output());
            }
            Thread.sleep(20);
        }
    }

    /** SIGTERM, as a service manager stops it; returns the exit code. */
    public int terminate(long timeoutMillis) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no exit within " + timeoutMillis + " ms of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGSTOP: the process is frozen, the kernel still completes TCP handshakes into its accept queue. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    /** SIGKILL: no shutdown hook runs, no close frame is sent. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
