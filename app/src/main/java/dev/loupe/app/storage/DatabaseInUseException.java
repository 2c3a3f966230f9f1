package dev.loupe.app.storage;

/** Another process holds the database file open (H2 in embedded mode allows one process at a time). */
public class DatabaseInUseException extends StorageException {
    public DatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
