package heartbeatchat.server.engines;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from Debian's package, started by the tests in the foreground with a configuration file
 * (the one {@code docs/haproxy.cfg} documents) and its addresses given through the environment, on a
 * free loopback port.
 */
public final class HaproxyServer implements AutoCloseable {
    private static final String BINARY = System.getProperty("chat.haproxyBinary", "/usr/sbin/haproxy");

    private final Process process;
    private final int port;

    private HaproxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** HAProxy with the configuration, in front of the two servers' ports. */
    public static HaproxyServer start(Path config, int nodeA, int nodeB) throws IOException, InterruptedException {
        Path dir = EngineProcess.newDirectory("haproxy-");
        int port = FreePort.next();
        ProcessBuilder pb = new ProcessBuilder(List.of(BINARY, "-db", "-f", config.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile());
        pb.environment().put("FRONTEND", "127.0.0.1:" + port);
        pb.environment().put("NODE_A", "127.0.0.1:" + nodeA);
        pb.environment().put("NODE_B", "127.0.0.1:" + nodeB);
        Process process = pb.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new HaproxyServer(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("haproxy did not start; see " + dir.resolve("haproxy.log"));
                }
                Thread.sleep(20);
            }
        }
    }

    public int port() {
        return port;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    public String wsUrl(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
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
