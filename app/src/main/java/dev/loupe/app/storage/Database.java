package dev.loupe.app.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 file database that holds everything Loupe remembers, at a schema brought up to date by
 * Flyway when it is opened.
 *
 * <p>File mode only: no server, no {@code AUTO_SERVER}, so a second process is refused rather than joined.
 * Every commit reaches the file before {@code commit()} returns ({@code WRITE_DELAY=0}): a killed or crashed
 * process loses nothing that a write reported as saved. H2's store is append-only with checksummed chunks, so
 * after a power loss it reopens at the last chunk that reached the disk.
 *
 * <p>Opening checks the file before writing anything to it: a file written by a newer Loupe raises
 * {@link NewerSchemaException} and stays byte-for-byte as it was; a file that is not a readable database raises
 * {@link CorruptDatabaseException} after a copy of it was saved beside it. Nothing here ever deletes a file.
 *
 * <p>Thread safety: safe to share. Each {@link #read} and {@link #transaction} borrows its own connection from
 * a small pool, so calls from different threads run concurrently; H2 locks rows, not tables. Every call blocks
 * on disk I/O: never call it on the JavaFX thread.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** H2's store file is the location plus this suffix. */
    public static final String FILE_SUFFIX = ".mv.db";
    private static final String USER = "loupe";
    private static final int MAX_CONNECTIONS = 8;
    private static final String MIGRATIONS = "classpath:" + SchemaHistory.FOLDER;
    private static final Set<MigrationState> FROM_THE_FUTURE =
            EnumSet.of(MigrationState.FUTURE_SUCCESS, MigrationState.FUTURE_FAILED);
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path location;
    private final JdbcConnectionPool pool;
    private final String schemaVersion;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Path location, JdbcConnectionPool pool, String schemaVersion) {
        this.location = location;
        this.pool = pool;
        this.schemaVersion = schemaVersion;
    }

    /** A unit of work on one connection; the connection belongs to the caller of {@link #transaction}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens the database at {@code location} (for example {@code AppPaths.database()}), creating the file and
     * its folder when missing, and migrates it to this build's schema.
     *
     * @param location the database path without H2's {@value #FILE_SUFFIX} suffix
     * @throws NewerSchemaException when the file was written by a newer schema; the file is untouched
     * @throws CorruptDatabaseException when the file is not a readable database; a copy was saved beside it
     * @throws DatabaseInUseException when another process has the file open
     * @throws StorageException when the folder cannot be created or the migration fails
     */
    public static Database open(Path location) {
        Path absolute = location.toAbsolutePath().normalize();
        if (absolute.toString().contains(";")) {
            throw new StorageException("The data folder path " + absolute
                    + " contains a ';', which the database cannot use; choose a data folder without one.");
        }
        Path folder = absolute.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StorageException("Loupe could not create its data folder " + folder
                    + "; check that it is writable or choose another data folder.", e);
        }
        Path file = fileOf(absolute);
        Optional<String> current = Files.exists(file) ? inspectReadOnly(absolute, file) : Optional.empty();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url(absolute, false), USER, "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        try {
            // A schema known to be current needs no Flyway: the usual start skips its scan and validation.
            String version = current.isPresent() ? current.get() : migrate(pool, file);
            return new Database(absolute, pool, version);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /**
     * Moves a damaged database file aside and opens a new, empty database in its place. The damaged file is
     * moved onto the copy that {@link #open} saved when that copy is still byte-for-byte the same, otherwise to a
     * new timestamped name beside it; it is never deleted.
     *
     * @param corrupt what {@link #open} reported
     * @return the new database, already migrated
     */
    public static Database startFresh(CorruptDatabaseException corrupt) {
        Path file = corrupt.file();
        Path backup = corrupt.backup();
        try {
            if (Files.exists(file)) {
                if (Files.exists(backup) && Files.mismatch(file, backup) == -1) {
                    Files.move(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    backup = moveToNewBackup(file);
                }
                log.info("Moved the damaged database {} to {} and starting with an empty one", file, backup);
            }
        } catch (IOException e) {
            throw new StorageException("Loupe could not move the damaged database " + file
                    + " aside; move it out of the data folder yourself, then start Loupe again.", e);
        }
        return open(corrupt.location());
    }

    /** The H2 store file for a location: the location plus {@value #FILE_SUFFIX}. */
    public static Path fileOf(Path location) {
        Path absolute = location.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + FILE_SUFFIX);
    }

    /** The location this database was opened at, without H2's suffix. */
    public Path location() {
        return location;
    }

    /** The store file on disk. */
    public Path file() {
        return fileOf(location);
    }

    /** The schema version the database is at after opening, e.g. {@code "3"}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * Runs {@code work} as one transaction: everything it writes is committed together when it returns, or
     * rolled back together when it throws. The commit has reached the file when this returns.
     *
     * @param action what the work does, as the rest of "Loupe could not ..." (e.g. "save the message"); used in
     *     the message of the {@link StorageException} that wraps a database error
     * @return what {@code work} returned
     * @throws StorageException wrapping any {@link SQLException}; unchecked exceptions of {@code work} are
     *     rethrown as they are, after the rollback
     */
    public <T> T transaction(String action, SqlWork<T> work) {
        ensureOpen();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /**
     * Runs {@code work} that only reads. Its queries see committed data; it is its own transaction, so a
     * concurrent write is seen entirely or not at all by each query.
     *
     * @see #transaction(String, SqlWork)
     */
    public <T> T read(String action, SqlWork<T> work) {
        return transaction(action, work);
    }

    /** Closes every pooled connection; H2 then writes its last chunk and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.dispose();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The database " + location + " is closed");
        }
    }

    private StorageException failure(String action, SQLException e) {
        return new StorageException("Loupe could not " + action + "; check that the data folder " + location.getParent()
                + " is on a disk with free space, then try again.", e);
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static String url(Path location, boolean readOnly) {
        StringBuilder url = new StringBuilder("jdbc:h2:file:").append(location);
        // Embedded only: no TCP server thread, no port; a second process is refused instead of joining.
        url.append(";AUTO_SERVER=FALSE");
        // Waits for a row another thread is writing instead of failing after H2's default of one second.
        url.append(";LOCK_TIMEOUT=10000");
        if (readOnly) {
            // Opens the file without a write handle, so inspecting it cannot change a byte.
            url.append(";ACCESS_MODE_DATA=r;IFEXISTS=TRUE");
        } else {
            // H2 otherwise writes commits up to 500 ms later from a background thread; 0 makes commit() write
            // the chunk itself, so a process killed right after a reported save has it in the file.
            url.append(";WRITE_DELAY=0");
        }
        return url.toString();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }

    /**
     * Looks at an existing file through a read-only connection: damaged, in use, or from a newer schema are all
     * found here, before the read-write open could change the file.
     *
     * @return the schema version when it is this build's, every migration applied ({@link SchemaHistory}); empty
     *     when Flyway must migrate
     */
    private static Optional<String> inspectReadOnly(Path location, Path file) {
        if (isEmpty(file)) {
            // H2 cannot open an empty store read-only, and a file with no bytes holds no data to recognise.
            throw corrupt(location, file, new StorageException("The database file is empty"));
        }
        JdbcConnectionPool readOnly = JdbcConnectionPool.create(url(location, true), USER, "");
        try (Connection held = readOnly.getConnection()) {
            Optional<String> current = SchemaHistory.currentVersion(held);
            if (current.isPresent()) {
                return current;
            }
            // Holding this connection keeps the database open while Flyway looks at it through the same pool.
            MigrationInfoService info = flyway(readOnly).info();
            for (MigrationInfo applied : info.applied()) {
                if (FROM_THE_FUTURE.contains(applied.getState())) {
                    throw new NewerSchemaException(info.current().getVersion().getVersion(), file);
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw classify(location, file, e);
        } catch (FlywayException e) {
            throw new StorageException("Loupe could not read the schema version of its database " + file
                    + "; restore an older copy of the data folder or choose another one.", e);
        } finally {
            readOnly.dispose();
        }
    }

    private static String migrate(JdbcConnectionPool pool, Path file) {
        try {
            Flyway flyway = flyway(pool);
            var result = flyway.migrate();
            String version = flyway.info().current().getVersion().getVersion();
            if (result.migrationsExecuted > 0) {
                log.info("Database {} migrated to schema {} ({} migrations)", file, version, result.migrationsExecuted);
            }
            return version;
        } catch (FlywayException e) {
            Optional<SQLException> sql = causeOfType(e, SQLException.class);
            if (sql.isPresent() && sql.get().getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw inUse(file, sql.get());
            }
            throw new StorageException("Loupe could not bring its database " + file
                    + " up to date; restore an older copy of the data folder or choose another one.", e);
        }
    }

    private static StorageException classify(Path location, Path file, SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> inUse(file, e);
            case ErrorCode.FILE_CORRUPTED_1, ErrorCode.FILE_VERSION_ERROR_1, ErrorCode.FILE_ENCRYPTION_ERROR_1 ->
                    corrupt(location, file, e);
            // An I/O error while reading a file we may read means its bytes are not what H2 expects (a header
            // or chunk cut short); an unreadable file is a permissions problem, not damage.
            case ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2 -> Files.isReadable(file)
                    ? corrupt(location, file, e)
                    : unreadable(file, e);
            case ErrorCode.GENERAL_ERROR_1 -> causeOfType(e, org.h2.mvstore.MVStoreException.class).isPresent()
                    ? corrupt(location, file, e)
                    : unreadable(file, e);
            default -> unreadable(file, e);
        };
    }

    private static StorageException unreadable(Path file, SQLException e) {
        return new StorageException("Loupe could not open its database " + file
                + "; check that the file and its folder are readable and writable.", e);
    }

    private static DatabaseInUseException inUse(Path file, SQLException e) {
        return new DatabaseInUseException("The Loupe database " + file
                + " is open in another Loupe process; close that one first or choose another data folder.", e);
    }

    private static StorageException corrupt(Path location, Path file, Exception cause) {
        try {
            Path backup = existingCopy(file).orElse(null);
            if (backup == null) {
                backup = newBackupName(file);
                Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return new CorruptDatabaseException(location, file, backup, cause);
        } catch (IOException e) {
            cause.addSuppressed(e);
            return new StorageException("The Loupe database " + file
                    + " is damaged and Loupe could not save a copy of it; copy it somewhere safe, then move it out of the data folder.",
                    cause);
        }
    }

    /** A backup saved by an earlier attempt that is still identical to the file, so repeated opens add none. */
    private static Optional<Path> existingCopy(Path file) throws IOException {
        String prefix = backupPrefix(file);
        long size = Files.size(file);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            for (Path candidate : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                if (Files.size(candidate) == size && Files.mismatch(file, candidate) == -1) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Path moveToNewBackup(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path target = newBackupName(file);
            try {
                return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** {@code loupe.mv.db} becomes {@code loupe.corrupt-20250102-030405.mv.db}, with a counter if that exists. */
    private static Path newBackupName(Path file) {
        String stamp = BACKUP_STAMP.format(Clock.systemUTC().instant());
        Path candidate = file.resolveSibling(backupPrefix(file) + stamp + FILE_SUFFIX);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = file.resolveSibling(backupPrefix(file) + stamp + "-" + n + FILE_SUFFIX);
        }
        return candidate;
    }

    private static String backupPrefix(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - FILE_SUFFIX.length()) + ".corrupt-";
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
