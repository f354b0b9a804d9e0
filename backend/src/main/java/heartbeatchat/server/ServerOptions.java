package heartbeatchat.server;

import heartbeatchat.shared.protocol.Limits;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags, with environment variables as fallback and defaults last. {@link #usage()} is
 * made from the same table the parser reads, so {@code --help} lists every option.
 */
public record ServerOptions(String host, int port, Path dataDir, boolean inMemory, RoomSettings room, RoomLimits roomLimits,
                            List<String> allowedOrigins, int sqliteBusyTimeoutMillis, int acceptQueue,
                            List<String> publicHosts, List<String> trustedProxies, Path tlsCert, Path tlsKey,
                            String postgresUrl, int postgresPool, String nodeName, String redisUrl, boolean jsonLogs) {

    private record Option(String flag, String env, String defaultValue, String help) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("--host", "HOST", "127.0.0.1", "address to bind; 0.0.0.0 for every interface"),
            new Option("--port", "PORT", "3000", "port to bind; 0 for any free port"),
            new Option("--data", "DATA_DIR", "./data", "directory of the SQLite database (created on first start)"),
            new Option("--store", "STORE", "sqlite", "sqlite, or memory to keep nothing on disk"),
            new Option("--postgres", "POSTGRES_URL", "",
                    "keep everything in this PostgreSQL database instead (jdbc:postgresql://host:port/db?user=…&password=…"
                            + " or postgresql://user:password@host:port/db), as several servers sharing one database do"),
            new Option("--postgres-pool", "POSTGRES_POOL", "8", "most connections to PostgreSQL this server opens"),
            new Option("--redis", "REDIS_URL", "",
                    "join the servers sharing this Redis (redis://host:port, redis://:password@host:port, rediss:// for TLS)"
                            + " and the --postgres database: several servers behind one address"),
            new Option("--log-format", "LOG_FORMAT", "text", "text, or json for one JSON object per log line (log shippers)"),
            new Option("--node-name", "NODE_NAME", "",
                    "this server's name in /metrics and the logs of a cluster; default: the host name and the process id"),
            new Option("--idle-timeout-ms", "IDLE_TIMEOUT_MS", "15000", "close connections from which nothing arrives this long, not even the pong to the protocol ping sent at two thirds of it"),
            new Option("--login-timeout-ms", "LOGIN_TIMEOUT_MS", "10000", "close connections that do not log in this soon"),
            new Option("--history", "HISTORY", String.valueOf(Limits.HISTORY_SIZE), "messages sent to a login without lastSeq"),
            new Option("--resume-limit", "RESUME_LIMIT", String.valueOf(Limits.RESUME_LIMIT), "most messages a resuming login gets; more is a gap"),
            new Option("--max-connections", "MAX_CONNECTIONS", "20000", "connections the server takes; more get 1013"),
            new Option("--max-connections-per-user", "MAX_CONNECTIONS_PER_USER", "5", "connections one user may have"),
            new Option("--rate-burst", "RATE_BURST", String.valueOf(Limits.RATE_BURST), "frames a connection may send at once"),
            new Option("--rate-per-second", "RATE_PER_SECOND", String.valueOf((int) Limits.RATE_PER_SECOND), "frames per second a connection may send after that"),
            new Option("--max-pending-bytes", "MAX_PENDING_BYTES", "4194304",
                    "unsent bytes a connection may have queued before it is cut off as slow"),
            new Option("--presence-limit", "PRESENCE_LIMIT", "100",
                    "users online up to which joins and leaves are broadcast and login replies list everyone"),
            new Option("--max-rooms", "MAX_ROOMS", String.valueOf(RoomLimits.DEFAULTS.maxRooms()),
                    "public rooms the server keeps, the lobby not counted; creating more gets room_limit"),
            new Option("--max-rooms-per-user", "MAX_ROOMS_PER_USER", String.valueOf(RoomLimits.DEFAULTS.maxRoomsPerUser()),
                    "public rooms one user may be in, the lobby not counted; more gets membership_limit"),
            new Option("--max-room-members", "MAX_ROOM_MEMBERS", String.valueOf(RoomLimits.DEFAULTS.maxMembersPerRoom()),
                    "members a public room may have; more gets room_full"),
            new Option("--max-direct-per-user", "MAX_DIRECT_PER_USER", String.valueOf(RoomLimits.DEFAULTS.maxDirectPerUser()),
                    "direct conversations one user may have; more gets direct_limit"),
            new Option("--max-room-name-length", "MAX_ROOM_NAME_LENGTH", String.valueOf(RoomLimits.DEFAULTS.maxRoomNameLength()),
                    "characters in a room name; longer gets name_too_long"),
            new Option("--allowed-origins", "ALLOWED_ORIGINS", "",
                    "comma-separated browser origins allowed besides the server's own; * for any"),
            new Option("--sqlite-busy-timeout-ms", "SQLITE_BUSY_TIMEOUT_MS", "1000",
                    "how long a write waits for a locked database before the message is refused"),
            new Option("--accept-queue", "ACCEPT_QUEUE", "4096",
                    "connections the kernel holds for the server to accept (a burst of reconnects); the system caps it at net.core.somaxconn"),
            new Option("--public-host", "PUBLIC_HOST", "",
                    "comma-separated host names the server is reached by (the Host of WebSocket upgrades), besides localhost and IP addresses; * for any"),
            new Option("--max-connections-per-address", "MAX_CONNECTIONS_PER_ADDRESS", "100",
                    "connections one client address may have open, logged in or not; more get 4004"),
            new Option("--connects-per-address-per-second", "CONNECTS_PER_ADDRESS_PER_SECOND", "10",
                    "new connections per second one address may open after a burst of --max-connections-per-address; faster get 4004"),
            new Option("--trust-proxy", "TRUST_PROXY", "",
                    "comma-separated addresses of reverse proxies whose X-Forwarded-For names the client address"),
            new Option("--tls-cert", "TLS_CERT", "",
                    "PEM file of the certificate chain: serve https:// and wss:// (with --tls-key)"),
            new Option("--tls-key", "TLS_KEY", "", "PEM file of the certificate's private key (PKCS #8, not encrypted)"));

    /** The text of {@code --help}; made when asked for, not at every start. */
    public static String usage() {
        StringBuilder s = new StringBuilder("Usage: java -jar heartbeat-chat.jar [options]\n\n");
        for (Option o : OPTIONS) {
            s.append(String.format("  %-28s %s (env %s, default %s)%n", o.flag + " VALUE", o.help, o.env,
                    o.defaultValue.isEmpty() ? "none" : o.defaultValue));
        }
        s.append(String.format("  %-28s %s%n", "--help", "print this and exit"));
        s.append("\nThe page is served at http://HOST:PORT/ and WebSockets are accepted at ws://HOST:PORT/ and /ws.\n");
        return s.toString();
    }

    /** Thrown for an unknown flag or a bad value; its message says which. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Returns null when {@code --help} was asked for. */
    public static ServerOptions parse(String[] args, Map<String, String> env) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            values.put(o.flag, env.getOrDefault(o.env, o.defaultValue));
        }
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (!values.containsKey(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + flag);
            }
            values.put(flag, args[++i]);
        }
        String store = values.get("--store");
        if (!store.equals("sqlite") && !store.equals("memory")) {
            throw new UsageException("--store must be sqlite or memory, got '" + store + "'");
        }
        RoomSettings room = new RoomSettings(
                number(values, "--idle-timeout-ms", 100, 86_400_000),
                number(values, "--login-timeout-ms", 100, 86_400_000),
                (int) number(values, "--history", 1, 100_000),
                (int) number(values, "--resume-limit", 1, 100_000),
                (int) number(values, "--max-connections", 1, 1_000_000),
                (int) number(values, "--max-connections-per-user", 1, 1_000),
                (int) number(values, "--rate-burst", 1, 1_000_000),
                decimal(values, "--rate-per-second"),
                number(values, "--max-pending-bytes", 1_024, Integer.MAX_VALUE),
                (int) number(values, "--presence-limit", 0, 1_000_000),
                (int) number(values, "--max-connections-per-address", 1, 1_000_000),
                decimal(values, "--connects-per-address-per-second"));
        RoomLimits roomLimits = new RoomLimits(
                (int) number(values, "--max-rooms", 0, 1_000_000),
                (int) number(values, "--max-rooms-per-user", 0, 100_000),
                (int) number(values, "--max-room-members", 2, 1_000_000),
                (int) number(values, "--max-direct-per-user", 0, 1_000_000),
                (int) number(values, "--max-room-name-length", 1, 1_000));
        String cert = values.get("--tls-cert").trim();
        String key = values.get("--tls-key").trim();
        if (cert.isEmpty() != key.isEmpty()) {
            throw new UsageException("--tls-cert and --tls-key go together");
        }
        String postgres = values.get("--postgres").trim();
        if (!postgres.isEmpty()) {
            if (store.equals("memory")) {
                throw new UsageException("--postgres and --store memory do not go together");
            }
            postgres = PostgresUrl.toJdbc(postgres);
        }
        String redis = values.get("--redis").trim();
        if (!redis.isEmpty()) {
            if (postgres.isEmpty()) {
                throw new UsageException("--redis needs --postgres: the servers of a cluster share one database");
            }
            if (!redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
                throw new UsageException("--redis " + RedisEngine.withoutPassword(redis)
                        + " cannot be used: it must start with redis:// or rediss://");
            }
        }
        return new ServerOptions(values.get("--host"), (int) number(values, "--port", 0, 65535),
                Path.of(values.get("--data")), store.equals("memory"), room, roomLimits, list(values, "--allowed-origins"),
                (int) number(values, "--sqlite-busy-timeout-ms", 0, 600_000),
                (int) number(values, "--accept-queue", 1, 65_535),
                list(values, "--public-host"), list(values, "--trust-proxy"),
                cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key),
                postgres.isEmpty() ? null : postgres, (int) number(values, "--postgres-pool", 1, 1_000),
                nodeName(values.get("--node-name").trim()), redis.isEmpty() ? null : redis, jsonLogs(values.get("--log-format")));
    }

    private static boolean jsonLogs(String format) throws UsageException {
        return switch (format.trim()) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UsageException("--log-format must be text or json, got '" + format + "'");
        };
    }

    private static String nodeName(String given) {
        if (!given.isEmpty()) {
            return given;
        }
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            host = kernelHostName();
        }
        if (host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The host name as {@code hostname} prints it, read where Linux keeps it; empty elsewhere. Asking
     * {@code InetAddress.getLocalHost()} instead resolves the name through the system's resolver at
     * every start, which can wait on DNS.
     */
    private static String kernelHostName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** Serves https and wss. */
    public boolean tls() {
        return tlsCert != null;
    }

    private static List<String> list(Map<String, String> values, String flag) {
        return Arrays.stream(values.get(flag).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static long number(Map<String, String> values, String flag, long min, long max) throws UsageException {
        String value = values.get(flag);
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static double decimal(Map<String, String> values, String flag) throws UsageException {
        String value = values.get(flag);
        try {
            double d = Double.parseDouble(value.trim());
            if (d > 0 && d <= 1_000_000) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a number above 0, got '" + value + "'");
    }
}
