package dev.loupe.app.desktop;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.importer.Llama2cImporter;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.model.ModelInspector;
import dev.loupe.ui.models.ModelLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The models workspace's {@link ModelLibrary}: the app's models folder, the llama2.c importer and a Q4 quantizer. */
public final class ModelFolder implements ModelLibrary {

    /** Writes a quantized copy of {@code source} into the new folder {@code out}; the engine's quantizer. */
    @FunctionalInterface
    public interface Quantizer {
        Path quantizeQ4(Path source, Path out);
    }

    private final Path folder;
    private final Quantizer quantizer;

    public ModelFolder(Path folder, Quantizer quantizer) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
        this.quantizer = Objects.requireNonNull(quantizer, "quantizer");
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public List<ModelCatalog.Entry> list() {
        return ModelCatalog.list(folder);
    }

    @Override
    public ModelInfo inspect(Path dir) {
        return ModelInspector.inspect(dir);
    }

    @Override
    public Path importLlama2c(Path checkpoint, Path tokenizer, String name) {
        Path out = folder.resolve(checkName(name));
        if (Files.exists(out)) {
            throw new ModelLoadException("A model named " + name + " already exists in " + folder + "; choose another name.");
        }
        new Llama2cImporter().importModel(checkpoint, tokenizer, out);
        return out;
    }

    @Override
    public Path quantizeQ4(Path source) {
        String base = source.getFileName() + "-q4";
        Path out = source.resolveSibling(base);
        for (int n = 2; Files.exists(out); n++) {
            out = source.resolveSibling(base + "-" + n);
        }
        return quantizer.quantizeQ4(source, out);
    }

    private static String checkName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.contains("/") || stripped.contains("\\") || stripped.startsWith(".")) {
            throw new ModelLoadException("A model name is a plain folder name without slashes or a leading dot, got '" + name + "'.");
        }
        return stripped;
    }
}
