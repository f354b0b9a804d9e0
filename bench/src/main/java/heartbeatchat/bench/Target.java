package heartbeatchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A chat server under test, as its own process pinned to one core, with its memory and CPU read from /proc. */
abstract class Target implements AutoCloseable {
    private static final long TICK_NANOS = 10_000_000; // USER_HZ is 100 on Linux
    final String name;
    final int port;
    private final String serverCore;
    private final Path logDir;
    private Process process;

    Path logDir() {
        return logDir;
    }

    Target(String name, int port, String serverCore, Path logDir) {
        this.name = name;
        this.port = port;
        this.serverCore = serverCore;
        this.logDir = logDir;
    }

    /** The server's own command line, without the pinning. */
    abstract List<String> command();

    /** Live heap after a full collection, in bytes. */
    abstract long heapAfterGc() throws Exception;

    /** Environment the server's command needs besides the bench's own. */
    Map<String, String> environment() {
        return Map.of();
    }

    /** Starts the server and returns at once, before it listens. */
    void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", serverCore));
        cmd.addAll(command());
        Files.createDirectories(logDir);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()));
        b.environment().putAll(environment());
        process = b.start();
    }

    /** Starts the server and waits until it listens. */
    void start() throws Exception {
        launch();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited at start; see " + logDir.resolve(name + ".log"));
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException(name + " did not listen within 60 s");
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String serverCore() {
        return serverCore;
    }

    /** The command line the running server's process has now (after a launcher's exec, the JVM's). */
    List<String> runningCommandLine() throws IOException {
        String raw = Files.readString(Path.of("/proc", String.valueOf(pid()), "cmdline"));
        return List.of(raw.split("\0"));
    }

    long pid() {
        return process.pid();
    }

    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** User plus system CPU time of every thread of the server, in nanoseconds (10 ms resolution). */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // fields 14 and 15
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /**
     * Our server, run as a user would run it (through {@code backend/bin/heartbeat-chat}, or with
     * {@code java -jar} when no launcher is given), with the per-connection limits lifted for load.
     */
    static final class Ours extends Target {
        /** "def new generation total …K, used …K" and "tenured generation …" (Serial), or "… heap total …K, used …K" (G1). */
        private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");
        private final Path jar;
        private final Path dataDir;
        private final Path launcher;
        private final List<String> extraArgs;

        Ours(int port, String core, Path logDir, Path launcher, Path jar, Path dataDir) {
            this("ours", port, core, logDir, launcher, jar, dataDir, List.of());
        }

        /**
         * @param launcher  {@code backend/bin/heartbeat-chat}, or null for {@code java -jar jar}
         * @param extraArgs more flags, e.g. {@code --postgres} and {@code --redis} for a server of a cluster
         */
        Ours(String name, int port, String core, Path logDir, Path launcher, Path jar, Path dataDir, List<String> extraArgs) {
            super(name, port, core, logDir);
            this.launcher = launcher;
            this.jar = jar;
            this.dataDir = dataDir;
            this.extraArgs = extraArgs;
        }

        private static String java() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        /** Extra JVM flags for profiling runs only, e.g. -XX:StartFlightRecording=filename=ours.jfr */
        private static String profilingOptions() {
            String extra = System.getenv("BENCH_SERVER_JAVA_OPTS");
            return extra == null ? "" : extra.trim();
        }

        @Override
        Map<String, String> environment() {
            return launcher == null ? Map.of() : Map.of("JAVA", java(), "JAVA_OPTS", profilingOptions());
        }

        @Override
        List<String> command() {
            List<String> cmd = new ArrayList<>();
            if (launcher != null) {
                cmd.add(launcher.toString());
            } else {
                cmd.add(java());
                if (!profilingOptions().isEmpty()) {
                    cmd.addAll(List.of(profilingOptions().split("\\s+")));
                }
                cmd.addAll(List.of("-jar", jar.toString()));
            }
            cmd.addAll(List.of(
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--data", dataDir.toString(),
                    "--rate-burst", "1000000", "--rate-per-second", "1000000", "--max-connections", "30000",
                    "--login-timeout-ms", "60000",
                    // the load comes from four source addresses; the peer has no per-address limits either
                    "--max-connections-per-address", "30000", "--connects-per-address-per-second", "1000000"));
            cmd.addAll(extraArgs);
            return cmd;
        }

        @Override
        long heapAfterGc() throws Exception {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, String.valueOf(pid()), "GC.run");
            String info = run(jcmd, String.valueOf(pid()), "GC.heap_info");
            if (System.getenv("BENCH_HEAP_HISTOGRAMS") != null) {
                // a profiling aid: what the heap holds at the moment its figure is taken
                Path histogram = logDir().resolve(name + "-histogram-" + System.currentTimeMillis() + ".txt");
                // and, when the server runs with -XX:NativeMemoryTracking=summary, what the JVM holds outside the heap
                Files.writeString(histogram, run(jcmd, String.valueOf(pid()), "GC.class_histogram")
                        + run(jcmd, String.valueOf(pid()), "VM.native_memory", "summary"));
            }
            Matcher m = HEAP_USED.matcher(info);
            long usedKb = 0;
            boolean found = false;
            while (m.find()) {
                usedKb += Long.parseLong(m.group(1));
                found = true;
            }
            if (!found) {
                throw new IOException("no heap figure from jcmd: " + info);
            }
            return usedKb * 1024;
        }

        private static String run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        }
    }

    /** The Node ws reference peer: as a user would write it, or coalescing (the best a Node server can do for fan-out). */
    static final class NodePeer extends Target {
        private final Path script;
        private final boolean coalescing;

        NodePeer(int port, String core, Path logDir, Path script) {
            this(port, core, logDir, script, false);
        }

        NodePeer(int port, String core, Path logDir, Path script, boolean coalescing) {
            super(coalescing ? "node-ws-coalescing" : "node-ws", port, core, logDir);
            this.script = script;
            this.coalescing = coalescing;
        }

        @Override
        List<String> command() {
            return coalescing ? List.of("node", "--expose-gc", script.toString(), String.valueOf(port), "coalesce")
                    : List.of("node", "--expose-gc", script.toString(), String.valueOf(port));
        }

        @Override
        long heapAfterGc() throws Exception {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"heapUsed\":(\\d+)").matcher(r.body());
            if (!m.find()) {
                throw new IOException("no heap figure from the peer: " + r.body());
            }
            return Long.parseLong(m.group(1));
        }
    }
}
