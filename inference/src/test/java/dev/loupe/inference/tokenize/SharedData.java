package dev.loupe.inference.tokenize;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Files from the shared folder next to the project; tests that need one are skipped when it is absent. */
final class SharedData {
    private SharedData() {
    }

    static Path require(String relative) {
        String dir = System.getProperty("loupe.shared.dir");
        Assumptions.assumeTrue(dir != null, "loupe.shared.dir is not set, so the shared models cannot be found");
        Path file = Path.of(dir).resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent");
        return file;
    }
}
