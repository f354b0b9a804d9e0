package heartbeatchat.server;

/** The server cannot start as configured; the message says why in one line. */
public final class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
