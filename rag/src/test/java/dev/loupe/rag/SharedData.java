package dev.loupe.rag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared evaluation data through the {@code loupe.shared.dir} system property that surefire sets. */
public final class SharedData {
    private SharedData() {}

    /** The SciFact folder, when the shared data is present. */
    public static Optional<Path> scifact() {
        String dir = System.getProperty("loupe.shared.dir");
        if (dir == null) {
            return Optional.empty();
        }
        Path p = Path.of(dir, "eval", "scifact");
        return Files.isRegularFile(p.resolve("corpus.jsonl.gz")) ? Optional.of(p) : Optional.empty();
    }
}
