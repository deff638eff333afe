package io.marsdcs.store;

/** The store could not record or read something; callers turn it into a temporary failure (SMTP 451, HTTP 503). */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
