package dev.gatsbytelemetry.collector.storage;

/** Storage could not do what was asked (unreachable, full, failed transaction); the caller answers 503. */
public final class StorageException extends Exception {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
