package dev.loupe.app.desktop;

import dev.loupe.app.AppPaths;
import dev.loupe.app.DefaultModel;
import dev.loupe.app.cli.VersionProvider;
import dev.loupe.ui.about.AboutInfo;
import dev.loupe.ui.about.AboutSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The About dialog's facts, read from what runs: the JVM's own version, JavaFX's run-time property, and for each
 * library the jar that holds one of its classes (its Maven {@code pom.properties}, else its manifest). Nothing is
 * written into the code, so a dependency upgrade shows up without an edit. The notices come from the file the build
 * generates from the Maven dependencies' licences ({@value #NOTICES}).
 */
public final class RuntimeAbout implements AboutSource {
    /** Class-path resource the build writes with license-maven-plugin: every bundled library and its licence. */
    public static final String NOTICES = "/loupe-third-party-notices.txt";

    /** A library and a class file only its jar holds, by which its jar is found. */
    private record Library(String name, String classFile) {}

    private static final List<Library> LIBRARIES = List.of(
            new Library("Jlama", "com/github/tjake/jlama/model/AbstractModel.class"),
            new Library("Apache Lucene", "org/apache/lucene/util/Version.class"),
            new Library("H2 Database", "org/h2/Driver.class"),
            new Library("Flyway", "org/flywaydb/core/Flyway.class"),
            new Library("AtlantaFX", "atlantafx/base/theme/Styles.class"));

    private final Optional<Path> sharedDir;

    /** @param paths where the bundled model (installed app) or the shared one (checkout) is */
    public RuntimeAbout(AppPaths paths) {
        this.sharedDir = paths.sharedDir();
    }

    @Override
    public AboutInfo read() {
        List<AboutInfo.Component> components = new ArrayList<>();
        components.add(new AboutInfo.Component("Loupe", VersionProvider.version()));
        components.add(new AboutInfo.Component("Java", Runtime.version().toString()));
        components.add(new AboutInfo.Component("Java VM", System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.vendor")));
        components.add(new AboutInfo.Component("Java runtime folder", System.getProperty("java.home")));
        String javafx = System.getProperty("javafx.runtime.version");
        components.add(new AboutInfo.Component("JavaFX", javafx == null ? "not started" : javafx));
        for (Library library : LIBRARIES) {
            components.add(new AboutInfo.Component(library.name(), jarVersion(library.classFile())
                    .orElse("unknown (its jar declares no version)")));
        }
        return new AboutInfo(components, bundledModel(), notices());
    }

    /**
     * The version of the jar holding {@code classFile}: its Maven {@code pom.properties}, else the manifest's
     * Implementation-Version (first word: Lucene appends a commit hash), else Bundle-Version.
     */
    static Optional<String> jarVersion(String classFile) {
        URL url = RuntimeAbout.class.getClassLoader().getResource(classFile);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Optional<String> maven = jar.stream().map(JarEntry::getName)
                        .filter(name -> name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties"))
                        .findFirst().flatMap(name -> pomVersion(jar, name));
                if (maven.isPresent()) {
                    return maven;
                }
                if (jar.getManifest() == null) {
                    return Optional.empty();
                }
                Attributes main = jar.getManifest().getMainAttributes();
                String implementation = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                if (implementation != null && !implementation.isBlank()) {
                    return Optional.of(implementation.strip().split("\\s+")[0]);
                }
                return Optional.ofNullable(main.getValue("Bundle-Version"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the jar of " + classFile + " failed", e);
        }
    }

    private static Optional<String> pomVersion(JarFile jar, String entry) {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + entry + " failed", e);
        }
    }

    /** "stories260K (llama2.c tinyllamas checkpoint): MIT License", from the licence file beside the bundled checkpoint. */
    private String bundledModel() {
        Optional<Path> licence = sharedDir.map(s -> s.resolve("models").resolve(DefaultModel.NAME).resolve("LICENSE"))
                .filter(Files::isRegularFile);
        if (licence.isEmpty()) {
            return "";
        }
        try {
            String firstLine = Files.readAllLines(licence.get(), StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("licence file is empty");
            return DefaultModel.NAME + " (a llama2.c tinyllamas checkpoint, imported on first start): " + firstLine
                    + " (" + licence.get() + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + licence.get() + " failed", e);
        }
    }

    private static String notices() {
        try (InputStream in = RuntimeAbout.class.getResourceAsStream(NOTICES)) {
            if (in == null) {
                return "The third-party notices were not generated into this build; build Loupe with Maven to include them.";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the third-party notices failed", e);
        }
    }
}
