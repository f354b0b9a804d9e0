package heartbeatchat.server.engines;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL of Debian's package started by the tests: its own cluster under {@code target/engines},
 * on a free loopback port, run as the {@code postgres} user (PostgreSQL refuses root), trusting local
 * connections. Never the system's service. {@link #shared()} is one per test JVM, each test taking a
 * database of its own from it; a test that stops or kills PostgreSQL starts one of its own.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String BIN = System.getProperty("chat.postgresBin", "/usr/lib/postgresql/15/bin");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's one PostgreSQL for tests that only need a database; stopped when the JVM exits. */
    public static synchronized PostgresServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "stop-test-postgres"));
        }
        return shared;
    }

    /** A new cluster, started. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path dir = EngineProcess.newDirectory("postgres-");
        if (EngineProcess.isRoot()) {
            EngineProcess.run(null, 10, "chown", "postgres:postgres", dir.toString());
        }
        EngineProcess.run("postgres", 120, BIN + "/initdb", "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        PostgresServer server = new PostgresServer(dir, FreePort.next());
        server.startAgain();
        return server;
    }

    /** Starts the cluster (again, after {@link #stop} or {@link #kill}) on the same port and data. */
    public void startAgain() throws IOException, InterruptedException {
        EngineProcess.run("postgres", 60, BIN + "/pg_ctl", "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "50", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200", "start");
    }

    /** A clean, fast shutdown: clients are disconnected, what was committed is kept. */
    public void stop() throws IOException, InterruptedException {
        EngineProcess.run("postgres", 60, BIN + "/pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /** A crash: the server stops at once without a checkpoint; what was committed is still kept. */
    public void kill() throws IOException, InterruptedException {
        EngineProcess.run("postgres", 60, BIN + "/pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop");
    }

    public int port() {
        return port;
    }

    /** A new, empty database in this cluster; its JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "chat_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** The JDBC URL of a database here, as {@code --postgres} takes it. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException | InterruptedException e) {
            // already stopped, or the JVM is going away
        }
    }
}
