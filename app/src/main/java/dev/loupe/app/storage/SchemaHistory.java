package dev.loupe.app.storage;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The start-up shortcut past Flyway: when Flyway's history table says every migration this build ships was applied
 * successfully, and nothing else was, the schema is current and Flyway (its plugins, its class-path scan, its
 * validation; most of a second of a start on a slow machine) need not run. Anything else (a missing migration, a
 * failed one, one from a newer Loupe, no history table, migrations this build cannot list) answers "not known to
 * be current" and the caller runs Flyway as before, which migrates or reports what is wrong.
 *
 * <p>Checksums are not compared: a released migration never changes, and an edited one in a checkout is found by
 * Flyway as soon as a new migration is added (docs/decisions/0080-startup-critical-path.md).
 */
final class SchemaHistory {
    /** Where the migrations are, as a class-path resource folder (Flyway's location without "classpath:"). */
    static final String FOLDER = "db/migration";
    private static final Pattern MIGRATION = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__[^/]*\\.sql");
    private static final Comparator<String> BY_VERSION = Comparator.comparing(SchemaHistory::parts, Arrays::compare);

    private SchemaHistory() {}

    /**
     * The schema version when {@code connection}'s database has exactly the migrations of this build applied, all
     * successfully; empty when Flyway must look.
     */
    static Optional<String> currentVersion(Connection connection) {
        Set<String> shipped = shippedVersions();
        if (shipped.isEmpty()) {
            return Optional.empty();
        }
        Set<String> applied = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return Optional.empty();
                }
                applied.add(rows.getString(1));
            }
        } catch (SQLException e) {
            // No history table (or not Flyway's): Flyway decides.
            return Optional.empty();
        }
        return applied.equals(shipped) ? shipped.stream().max(BY_VERSION) : Optional.empty();
    }

    /** The versions of the migrations on the class path ("1", "2", "1.1" for V1_1__x.sql); empty if unlistable. */
    static Set<String> shippedVersions() {
        return shippedVersions(SchemaHistory.class.getClassLoader());
    }

    /** As {@link #shippedVersions()}, from {@code loader}'s class path. */
    static Set<String> shippedVersions(ClassLoader loader) {
        URL folder = loader.getResource(FOLDER);
        if (folder == null) {
            return Set.of();
        }
        try {
            Set<String> versions = new HashSet<>();
            for (String name : (Iterable<String>) names(folder)::iterator) {
                Matcher m = MIGRATION.matcher(name);
                if (m.matches()) {
                    versions.add(m.group(1).replace('_', '.'));
                }
            }
            return versions;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Set.of();
        }
    }

    /** The file names in the resource folder, from a jar (the installed app) or a folder (a build's classes). */
    private static Stream<String> names(URL folder) throws IOException, URISyntaxException {
        return switch (folder.getProtocol()) {
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                    yield files.map(p -> p.getFileName().toString()).toList().stream();
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) folder.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = FOLDER + "/";
                    yield jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix))
                            .map(n -> n.substring(prefix.length())).toList().stream();
                }
            }
            default -> Stream.empty();
        };
    }

    private static int[] parts(String version) {
        return Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
