package dev.loupe.ui.compare;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model a column or the judge can run: the loaded one or a folder of the models folder, named by its folder.
 *
 * @param name shown in the lists and stored with the results
 * @param dir the model's folder; the loaded model is used when it is the same folder
 */
public record ModelChoice(String name, Path dir) {
    public ModelChoice {
        Objects.requireNonNull(name, "name");
        dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    /** Whether {@code other} is the same folder. */
    public boolean sameModel(Path other) {
        return other != null && dir.equals(other.toAbsolutePath().normalize());
    }

    @Override
    public String toString() {
        return name;
    }
}
