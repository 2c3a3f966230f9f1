package dev.loupe.app.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path home;

    private Path location() {
        return home.resolve("db").resolve("loupe");
    }

    @Test
    void openCreatesTheFileAndMigratesToTheLatestSchema() {
        try (Database db = Database.open(location())) {
            assertTrue(Files.isRegularFile(home.resolve("db/loupe.mv.db")));
            assertEquals(latestMigration(), db.schemaVersion());
            assertEquals(0L, count(db, "SELECT COUNT(*) FROM conversation"));
        }
    }

    @Test
    void reopeningKeepsCommittedRows() {
        try (Database db = Database.open(location())) {
            db.transaction("insert", c -> c.createStatement().executeUpdate(
                    "INSERT INTO conversation (title, system_prompt, created_at, updated_at) "
                            + "VALUES ('kept', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
        }
        try (Database db = Database.open(location())) {
            assertEquals(1L, count(db, "SELECT COUNT(*) FROM conversation WHERE title = 'kept'"));
        }
    }

    @Test
    void transactionRollsBackEveryRowWhenTheWorkThrows() {
        try (Database db = Database.open(location())) {
            var failure = assertThrows(IllegalStateException.class, () -> db.transaction("insert two", c -> {
                c.createStatement().executeUpdate("INSERT INTO conversation (title, system_prompt, created_at, updated_at) "
                        + "VALUES ('first', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                c.createStatement().executeUpdate("INSERT INTO conversation (title, system_prompt, created_at, updated_at) "
                        + "VALUES ('second', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                throw new IllegalStateException("boom after two rows");
            }));
            assertEquals("boom after two rows", failure.getMessage());
            assertEquals(0L, count(db, "SELECT COUNT(*) FROM conversation"));
        }
    }

    @Test
    void sqlErrorsBecomeStorageExceptionsNamingTheAction() {
        try (Database db = Database.open(location())) {
            var e = assertThrows(StorageException.class,
                    () -> db.read("load the widgets", c -> count(c, "SELECT COUNT(*) FROM no_such_table")));
            assertTrue(e.getMessage().startsWith("Loupe could not load the widgets;"), e.getMessage());
            assertTrue(e.getCause() instanceof SQLException);
        }
    }

    @Test
    void commitsAreWrittenWithoutDelay() {
        try (Database db = Database.open(location())) {
            String delay = db.read("read setting", c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertEquals("0", delay);
        }
    }

    @Test
    void databaseFromANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        try (Database db = Database.open(location())) {
            db.transaction("pretend to be newer", c -> c.createStatement().executeUpdate("""
                    INSERT INTO "flyway_schema_history"
                        ("installed_rank", "version", "description", "type", "script", "checksum", "installed_by",
                         "execution_time", "success")
                    VALUES (999, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 1, 'loupe', 1, TRUE)"""));
        }
        Path file = Database.fileOf(location());
        byte[] before = Files.readAllBytes(file);

        var e = assertThrows(NewerSchemaException.class, () -> Database.open(location()));

        assertEquals("This database was written by a newer Loupe (schema 99); update Loupe or choose another data folder.",
                e.getMessage());
        assertEquals("99", e.schemaVersion());
        assertArrayEquals(before, Files.readAllBytes(file), "the newer database must not be modified");
        assertEquals(List.of(file.getFileName().toString()), dbFilesIn(file.getParent()));
    }

    @Test
    void garbageFileIsReportedAsCorruptAndCopiedBesideItself() throws Exception {
        Path file = Database.fileOf(location());
        Files.createDirectories(file.getParent());
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        var e = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));

        assertTrue(e.getMessage().contains("is damaged and cannot be opened"), e.getMessage());
        assertTrue(e.getMessage().contains(e.backup().toString()), e.getMessage());
        assertEquals(file.getParent(), e.backup().getParent(), "the backup lies beside the damaged file");
        assertTrue(e.backup().getFileName().toString().matches("loupe\\.corrupt-\\d{8}-\\d{6}(-\\d+)?\\.mv\\.db"),
                e.backup().toString());
        assertArrayEquals(garbage, Files.readAllBytes(e.backup()));
        assertArrayEquals(garbage, Files.readAllBytes(file), "the damaged file stays in place, unchanged");
    }

    @Test
    void truncatedDatabaseIsReportedAsCorrupt() throws Exception {
        try (Database db = Database.open(location())) {
            db.transaction("fill", c -> c.createStatement().executeUpdate(
                    "INSERT INTO conversation (title, system_prompt, created_at, updated_at) "
                            + "SELECT 'row ' || x, REPEAT('x', 200), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 500)"));
        }
        Path file = Database.fileOf(location());
        byte[] whole = Files.readAllBytes(file);
        byte[] truncated = Arrays.copyOf(whole, 3000); // cuts through H2's file header
        Files.write(file, truncated);

        var e = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));

        assertArrayEquals(truncated, Files.readAllBytes(e.backup()));
        assertArrayEquals(truncated, Files.readAllBytes(file));
    }

    @Test
    void repeatedOpensOfTheSameDamagedFileKeepOneCopy() throws Exception {
        Path file = Database.fileOf(location());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a database\n".repeat(500));

        var first = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));
        var second = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));

        assertEquals(first.backup(), second.backup());
        assertEquals(2, dbFilesIn(file.getParent()).size(), dbFilesIn(file.getParent()).toString());
    }

    @Test
    void emptyFileIsReportedAsCorruptRatherThanReplaced() throws Exception {
        Path file = Database.fileOf(location());
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);

        var e = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));

        assertTrue(Files.exists(e.backup()));
        assertTrue(Files.exists(file));
    }

    @Test
    void startFreshMovesTheDamagedFileIntoItsBackupAndOpensAnEmptyDatabase() throws Exception {
        Path file = Database.fileOf(location());
        Files.createDirectories(file.getParent());
        byte[] garbage = "definitely not H2\n".repeat(1000).getBytes();
        Files.write(file, garbage);
        var corrupt = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));

        try (Database fresh = Database.startFresh(corrupt)) {
            assertEquals(0L, count(fresh, "SELECT COUNT(*) FROM conversation"));
        }

        assertArrayEquals(garbage, Files.readAllBytes(corrupt.backup()), "the damaged bytes are kept");
        assertNotEquals(garbage.length, Files.size(file));
        assertEquals(2, dbFilesIn(file.getParent()).size(), "the new database and the one backup");
        try (Database reopened = Database.open(location())) {
            assertEquals(latestMigration(), reopened.schemaVersion());
        }
    }

    @Test
    void startFreshKeepsBothWhenTheDamagedFileChangedSinceItsBackup() throws Exception {
        Path file = Database.fileOf(location());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "garbage one\n".repeat(100));
        var corrupt = assertThrows(CorruptDatabaseException.class, () -> Database.open(location()));
        byte[] changed = "garbage two\n".repeat(100).getBytes();
        Files.write(file, changed);

        try (Database fresh = Database.startFresh(corrupt)) {
            assertEquals(latestMigration(), fresh.schemaVersion());
        }

        List<String> names = dbFilesIn(file.getParent());
        assertEquals(3, names.size(), names.toString());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertTrue(files.filter(p -> !p.equals(file)).anyMatch(p -> {
                try {
                    return Arrays.equals(changed, Files.readAllBytes(p));
                } catch (IOException ex) {
                    throw new RuntimeException(ex);
                }
            }), "the changed damaged file was moved, not dropped");
        }
    }

    @Test
    void openRefusesAPathTheJdbcUrlCannotCarry() {
        var e = assertThrows(StorageException.class, () -> Database.open(home.resolve("a;b").resolve("loupe")));
        assertTrue(e.getMessage().contains("';'"), e.getMessage());
        assertFalse(Files.exists(home.resolve("a;b")));
    }

    @Test
    void closedDatabaseRefusesWork() {
        Database db = Database.open(location());
        db.close();
        db.close();
        assertThrows(IllegalStateException.class, () -> db.read("count", c -> 0));
    }

    private static long count(Database db, String sql) {
        return db.read("count rows", c -> count(c, sql));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> dbFilesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".mv.db")).sorted().toList();
        }
    }

    /** The highest V<n>__ migration shipped on the class path. */
    static String latestMigration() {
        try (Stream<Path> files = Files.list(Path.of(DatabaseTest.class.getResource("/db/migration").toURI()))) {
            return String.valueOf(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
