package heartbeatchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL and Redis from Debian's packages for the cluster run, started fresh under the run's
 * directory on free loopback ports and pinned to the servers' core ("beside them"). PostgreSQL keeps
 * its defaults (fsync on, as SQLite's synchronous=FULL), runs as the {@code postgres} user, and is
 * given databases with {@code psql}; the benchmark itself needs no JDBC driver.
 */
final class Engines implements AutoCloseable {
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    private final Path dir;
    private final String core;
    private final int postgresPort;
    private final int redisPort;
    private Process redis;
    private boolean postgresUp;

    private Engines(Path dir, String core, int postgresPort, int redisPort) {
        this.dir = dir;
        this.core = core;
        this.postgresPort = postgresPort;
        this.redisPort = redisPort;
    }

    static Engines start(Path base, String core) throws Exception {
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base.toAbsolutePath(), "engines-");
        Engines e = new Engines(dir, core, free(), free());
        try {
            e.startPostgres();
            e.startRedis();
        } catch (Exception failure) {
            e.close();
            throw failure;
        }
        return e;
    }

    private void startPostgres() throws Exception {
        if (isRoot()) {
            run(null, "chown", "postgres:postgres", dir.toString());
        }
        run("postgres", PG_BIN + "/initdb", "-D", dir.resolve("pg").toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        run("postgres", "taskset", "-c", core, PG_BIN + "/pg_ctl", "-D", dir.resolve("pg").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                "-p " + postgresPort + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200", "start");
        postgresUp = true;
    }

    private void startRedis() throws Exception {
        redis = new ProcessBuilder("taskset", "-c", core, "/usr/bin/redis-server", "--port", String.valueOf(redisPort),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", redisPort), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !redis.isAlive()) {
                    throw new IOException("redis-server did not start; see " + dir.resolve("redis.log"));
                }
                Thread.sleep(20);
            }
        }
    }

    /** A new, empty database; the URL {@code --postgres} takes. */
    String newDatabase(String name) throws Exception {
        run("postgres", PG_BIN + "/psql", "-h", dir.toString(), "-p", String.valueOf(postgresPort), "-U", "postgres",
                "-c", "CREATE DATABASE " + name);
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + name + "?user=postgres";
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    @Override
    public void close() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
        if (postgresUp) {
            run("postgres", PG_BIN + "/pg_ctl", "-D", dir.resolve("pg").toString(), "-m", "fast", "-w", "stop");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(String user, String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (user != null && isRoot()) {
            full.addAll(List.of("runuser", "-u", user, "--"));
        }
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + out);
        }
        return out;
    }

    private static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
