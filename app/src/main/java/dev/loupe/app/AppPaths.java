package dev.loupe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Loupe keeps what it remembers. Everything lives under one home folder: {@code $LOUPE_HOME}, or
 * {@code ~/.local/share/loupe} when unset; never inside the installation or the source checkout.
 *
 * @param home the home folder
 * @param projectDir the source checkout when run through {@code ./loupe}, used to find {@code ../shared}
 * @param bundledDir the read-only folder an installed app ships in place of {@code ../shared} (its default model)
 */
public record AppPaths(Path home, Optional<Path> projectDir, Optional<Path> bundledDir) {
    public AppPaths {
        home = home.toAbsolutePath().normalize();
    }

    public AppPaths(Path home, Optional<Path> projectDir) {
        this(home, projectDir, Optional.empty());
    }

    /**
     * Resolves the home from the environment, the project folder from {@code -Dloupe.project.dir} and the installed
     * app's bundled folder from {@code -Dloupe.bundled.dir} (set by the packaged launcher).
     */
    public static AppPaths fromEnvironment() {
        String env = System.getenv("LOUPE_HOME");
        Path home = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".local", "share", "loupe");
        Optional<Path> project = Optional.ofNullable(System.getProperty("loupe.project.dir")).map(Path::of);
        Optional<Path> bundled = Optional.ofNullable(System.getProperty("loupe.bundled.dir")).map(Path::of);
        return new AppPaths(home, project, bundled);
    }

    public Path models() {
        return home.resolve("models");
    }

    public Path database() {
        return home.resolve("db").resolve("loupe");
    }

    public Path indexes() {
        return home.resolve("index");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    /** The installed app's bundled folder, else the shared folder beside the source checkout ({@code ../shared}), when there is one. */
    public Optional<Path> sharedDir() {
        return bundledDir.filter(Files::isDirectory).or(() -> projectDir.map(p -> p.resolveSibling("shared")).filter(Files::isDirectory));
    }
}
