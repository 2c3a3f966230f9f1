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
 */
public record AppPaths(Path home, Optional<Path> projectDir) {
    public AppPaths {
        home = home.toAbsolutePath().normalize();
    }

    /** Resolves the home from the environment and the project folder from {@code -Dloupe.project.dir}. */
    public static AppPaths fromEnvironment() {
        String env = System.getenv("LOUPE_HOME");
        Path home = env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".local", "share", "loupe");
        Optional<Path> project = Optional.ofNullable(System.getProperty("loupe.project.dir")).map(Path::of);
        return new AppPaths(home, project);
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

    /** The shared folder beside the source checkout ({@code ../shared}), when there is one. */
    public Optional<Path> sharedDir() {
        return projectDir.map(p -> p.resolveSibling("shared")).filter(Files::isDirectory);
    }
}
