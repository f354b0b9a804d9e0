package heartbeatchat.server;

/**
 * The server cannot start as configured; the message says why in one line. The exit code is 1, or
 * 2 when an engine of a cluster (PostgreSQL, Redis) cannot be reached or used, as for a bad flag.
 */
public final class StartupException extends Exception {
    private final int exitCode;

    public StartupException(String message, Throwable cause) {
        this(message, cause, 1);
    }

    public StartupException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
