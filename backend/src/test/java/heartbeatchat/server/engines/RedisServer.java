package heartbeatchat.server.engines;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of Debian's package started by the tests: its own process on a free loopback port, data
 * under {@code target/engines} (nothing saved: pub/sub keeps nothing anyway). Never the system's
 * service. It can be killed and started again on the same port, as a crash and a restart.
 */
public final class RedisServer implements AutoCloseable {
    private static final String BINARY = System.getProperty("chat.redisBinary", "/usr/bin/redis-server");

    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        RedisServer server = new RedisServer(EngineProcess.newDirectory("redis-"), FreePort.next());
        server.startAgain();
        return server;
    }

    /** Starts Redis (again) on the same port, and waits until it takes connections. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("redis-server did not start on port " + port + "; see " + dir.resolve("redis.log"));
                }
                Thread.sleep(20);
            }
        }
    }

    /** SIGKILL: a crash; every client's connection drops. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
