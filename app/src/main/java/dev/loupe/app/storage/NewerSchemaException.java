package dev.loupe.app.storage;

import java.nio.file.Path;

/**
 * The database was written by a newer Loupe whose schema this build does not know. Nothing was written to it:
 * the file is exactly as it was found.
 */
public class NewerSchemaException extends StorageException {
    private final String schemaVersion;
    private final Path file;

    public NewerSchemaException(String schemaVersion, Path file) {
        super("This database was written by a newer Loupe (schema " + schemaVersion
                + "); update Loupe or choose another data folder.");
        this.schemaVersion = schemaVersion;
        this.file = file;
    }

    /** The schema version recorded in the database, e.g. {@code "7"}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /** The database file that was left untouched. */
    public Path file() {
        return file;
    }
}
