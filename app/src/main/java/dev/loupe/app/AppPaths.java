package dev.loupe.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where Loupe keeps what it remembers. Everything lives under one home folder: {@code $LOUPE_HOME}, or the user's
 * data folder of the operating system when unset (see {@link #defaultHome}); never inside the installation or the
 * source checkout, so an installed app runs from a read-only folder and its updates keep the user's data.
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
        Path home = defaultHome(System.getProperty("os.name"), System.getenv(), System.getProperty("user.home"));
        Optional<Path> project = Optional.ofNullable(System.getProperty("loupe.project.dir")).map(Path::of);
        Optional<Path> bundled = Optional.ofNullable(System.getProperty("loupe.bundled.dir")).map(Path::of);
        return new AppPaths(home, project, bundled);
    }

    /**
     * The home folder for this system: {@code $LOUPE_HOME} when set; else on Linux and other Unixes
     * {@code $XDG_DATA_HOME/loupe} ({@code ~/.local/share/loupe} when unset, as the XDG base directory specification
     * says); on macOS {@code ~/Library/Application Support/Loupe}; on Windows {@code %LOCALAPPDATA%\Loupe} (local, not
     * roaming: models are gigabytes).
     *
     * @param osName the {@code os.name} property
     * @param env the environment variables
     * @param userHome the {@code user.home} property
     */
    public static Path defaultHome(String osName, Map<String, String> env, String userHome) {
        String explicit = env.get("LOUPE_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return Path.of(userHome, "Library", "Application Support", "Loupe");
        }
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank() ? Path.of(local, "Loupe") : Path.of(userHome, "AppData", "Local", "Loupe");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // The specification ignores a relative XDG_DATA_HOME.
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg, "loupe")
                : Path.of(userHome, ".local", "share", "loupe");
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
