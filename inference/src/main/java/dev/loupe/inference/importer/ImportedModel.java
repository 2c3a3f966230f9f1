package dev.loupe.inference.importer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A llama2.c model converted into a Hugging Face folder that Jlama loads.
 *
 * @param outDir the folder holding {@code config.json}, {@code model.safetensors}, {@code tokenizer.json},
 *     {@code tokenizer_config.json}, {@code README.md} and, when one sat beside the checkpoint, {@code LICENSE}
 * @param shape the shape read from the checkpoint header
 * @param intermediateSize the feed-forward width written to {@code config.json}: {@code shape.hiddenDim()} rounded
 *     up to a multiple of {@link Llama2cImporter#FFN_ALIGNMENT} with zero weights, which leaves outputs unchanged
 * @param warnings one sentence each about known problems of this model in Jlama 0.8.4 (see
 *     {@link Llama2cImporter}); empty for the tinyllamas stories260K, 42M and 110M shapes
 */
public record ImportedModel(Path outDir, Llama2cShape shape, int intermediateSize, List<String> warnings) {
    public ImportedModel {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(shape, "shape");
        warnings = List.copyOf(warnings);
        if (intermediateSize < shape.hiddenDim()) {
            throw new IllegalArgumentException("intermediateSize " + intermediateSize + " is below hidden_dim " + shape.hiddenDim());
        }
    }
}
