package dev.loupe.app.storage;

import dev.loupe.inference.LoupeException;

/**
 * Loupe could not read or write what it remembers. The message is one sentence the user can act on; the
 * database's own exception, when there is one, is kept as the cause for the log.
 */
public class StorageException extends LoupeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
