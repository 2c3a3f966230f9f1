package dev.loupe.app.storage;

import java.nio.file.Path;

/**
 * The database file cannot be read as a database. A byte-for-byte copy was saved beside it before this was
 * thrown, and the file itself was left in place; the caller decides whether to
 * {@link Database#startFresh(CorruptDatabaseException) start fresh}.
 */
public class CorruptDatabaseException extends StorageException {
    private final Path location;
    private final Path file;
    private final Path backup;

    public CorruptDatabaseException(Path location, Path file, Path backup, Throwable cause) {
        super("The Loupe database " + file + " is damaged and cannot be opened; a copy was saved as " + backup
                + ", so you can start with a fresh database or restore an older copy of the data folder.", cause);
        this.location = location;
        this.file = file;
        this.backup = backup;
    }

    /** The location that was given to {@link Database#open(Path)} (without H2's file suffix). */
    public Path location() {
        return location;
    }

    /** The damaged file, still in place. */
    public Path file() {
        return file;
    }

    /** The copy of the damaged file, beside it. */
    public Path backup() {
        return backup;
    }
}
