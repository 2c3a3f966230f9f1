package dev.loupe.ui.models;

import dev.loupe.inference.model.ModelInfo;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One folder of the models list.
 *
 * @param dir the folder
 * @param info its figures, when it is a usable model
 * @param problem why it cannot be used, otherwise
 * @param loaded whether it is the model the engine has loaded
 */
public record ModelRow(Path dir, Optional<ModelInfo> info, Optional<String> problem, boolean loaded) {
    public ModelRow {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(problem, "problem");
    }

    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    public boolean usable() {
        return info.isPresent();
    }
}
