package heartbeatchat.server.store;

/** The store could not do what was asked; nothing of the request was stored. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
