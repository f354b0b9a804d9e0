package heartbeatchat.server;

import java.util.Map;

/**
 * Command-line flags, with environment variables as fallback and defaults last.
 *
 * @param host              address to bind ({@code --host}, {@code HOST}; default 127.0.0.1)
 * @param port              port to bind, 0 for any free one ({@code --port}, {@code PORT}; default 3000)
 * @param idleTimeoutMillis close a connection that sent nothing this long ({@code --idle-timeout-ms},
 *                          {@code IDLE_TIMEOUT_MS}; default 15000)
 * @param historySize       messages kept and sent on login ({@code --history}, {@code HISTORY}; default 100)
 */
public record ServerOptions(String host, int port, long idleTimeoutMillis, int historySize) {

    public static final String USAGE = """
            Usage: java -jar heartbeat-chat.jar [options]

              --host ADDRESS         address to bind (env HOST, default 127.0.0.1; 0.0.0.0 for every interface)
              --port N               port to bind, 0 for any free port (env PORT, default 3000)
              --idle-timeout-ms N    close connections that send nothing for N ms (env IDLE_TIMEOUT_MS, default 15000)
              --history N            messages kept and sent to each new login (env HISTORY, default 100)
              --help                 print this and exit

            The page is served at http://HOST:PORT/ and WebSockets are accepted at ws://HOST:PORT/ and /ws.
            """;

    /** Thrown for an unknown flag or a bad value; its message says which. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Returns null when {@code --help} was asked for. */
    public static ServerOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String host = env.getOrDefault("HOST", "127.0.0.1");
        String port = env.getOrDefault("PORT", "3000");
        String idle = env.getOrDefault("IDLE_TIMEOUT_MS", "15000");
        String history = env.getOrDefault("HISTORY", "100");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = value;
                case "--idle-timeout-ms" -> idle = value;
                case "--history" -> history = value;
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        return new ServerOptions(host, number("port", port, 0, 65535), number("idle timeout", idle, 100, 86_400_000),
                (int) number("history", history, 1, 100_000));
    }

    private static int number(String what, String value, long min, long max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(what + " must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }
}
