package dev.loupe.inference.model;

import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The model folders inside one models directory, each inspected; broken ones are listed with their problem. */
public final class ModelCatalog {
    /**
     * One folder of the models directory: either its figures or the reason it cannot be used.
     *
     * @param dir the folder
     * @param info the figures, when the folder is a usable model
     * @param problem the one-sentence reason otherwise
     */
    public record Entry(Path dir, Optional<ModelInfo> info, Optional<String> problem) {}

    private ModelCatalog() {}

    /** Lists the sub-folders of {@code modelsDir} in name order; an absent directory lists nothing. */
    public static List<Entry> list(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(modelsDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try {
                    entries.add(new Entry(dir, Optional.of(ModelInspector.inspect(dir)), Optional.empty()));
                } catch (ModelLoadException e) {
                    entries.add(new Entry(dir, Optional.empty(), Optional.of(e.getMessage())));
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("The models folder " + modelsDir + " cannot be read: " + e.getMessage(), e);
        }
        return entries;
    }
}
