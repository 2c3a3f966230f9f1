package dev.loupe.app.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up shortcut past Flyway answers "current" only when every shipped migration, and no other, succeeded. */
class SchemaHistoryTest {
    @TempDir
    Path home;

    @Test
    void aDatabaseFlywayBroughtUpToDateIsCurrentAtTheLatestVersion() throws Exception {
        Path location = home.resolve("loupe");
        Database.open(location).close();
        try (Connection c = connect(location)) {
            assertEquals(Optional.of(DatabaseTest.latestMigration()), SchemaHistory.currentVersion(c));
        }
    }

    @Test
    void aMissingFailedOrNewerMigrationLeavesTheDecisionToFlyway() throws Exception {
        Path location = home.resolve("loupe");
        Database.open(location).close();
        String latest = DatabaseTest.latestMigration();
        try (Connection c = connect(location)) {
            c.createStatement().executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '" + latest + "'");
            assertEquals(Optional.empty(), SchemaHistory.currentVersion(c), "a failed migration");
            c.createStatement().executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + latest + "'");
            assertEquals(Optional.empty(), SchemaHistory.currentVersion(c), "a migration not applied yet");
            c.createStatement().executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", "
                    + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                    + "VALUES (999, '" + latest + "', 'x', 'SQL', 'x.sql', 1, 'loupe', 1, TRUE), "
                    + "(1000, '99', 'from the future', 'SQL', 'V99__f.sql', 1, 'loupe', 1, TRUE)");
            assertEquals(Optional.empty(), SchemaHistory.currentVersion(c), "a migration from a newer Loupe");
        }
    }

    @Test
    void aDatabaseWithoutHistoryIsNotCurrent() throws Exception {
        try (Connection c = connect(home.resolve("empty"))) {
            assertEquals(Optional.empty(), SchemaHistory.currentVersion(c));
        }
    }

    @Test
    void theShippedVersionsAreTheMigrationFiles() throws Exception {
        Set<String> files;
        try (Stream<Path> list = Files.list(Path.of(SchemaHistoryTest.class.getResource("/db/migration").toURI()))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).collect(Collectors.toSet());
        }
        assertEquals(files, SchemaHistory.shippedVersions());
    }

    @Test
    void theShippedVersionsAreReadFromAJarAsInstalled() throws Exception {
        Path jar = home.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"db/", "db/migration/", "db/migration/V1__first.sql", "db/migration/V2_1__second.sql",
                    "db/migration/README.txt", "db/other/V9__elsewhere.sql"}) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("SELECT 1;".getBytes());
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals(Set.of("1", "2.1"), SchemaHistory.shippedVersions(loader));
        }
    }

    private static Connection connect(Path location) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + location, "loupe", "");
    }
}
