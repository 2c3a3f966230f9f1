package dev.loupe.ui.models;

import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * The models folder and what can be done to it. Methods block (import and quantize for minutes on big models):
 * call them on the {@link dev.loupe.ui.task.TaskRunner.Lane#FILES} lane. Failures are
 * {@link dev.loupe.inference.ModelLoadException}s with one sentence for the user.
 */
public interface ModelLibrary {

    /** The folder the models live in. */
    Path folder();

    /** Every sub-folder, with its figures or the reason it cannot be used. */
    List<ModelCatalog.Entry> list();

    /** Checks a folder anywhere on disk before loading it. */
    ModelInfo inspect(Path dir);

    /** Converts a llama2.c checkpoint and its tokenizer into a new model folder named {@code name}; returns it. */
    Path importLlama2c(Path checkpoint, Path tokenizer, String name);

    /** Writes a Q4 copy of the model in {@code source} next to it; returns the new folder. */
    Path quantizeQ4(Path source);
}
