package dev.loupe.inference.jlama;

import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;
import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.model.ModelInfo;

/**
 * What Loupe must know about Jlama 0.8.4's kernels, which are chosen once per JVM: native SIMD (the default when
 * jlama-native is on the class path) or Panama (with {@code -Djlama.force_panama_tensor_operations=true}, which
 * {@code ./loupe} sets when {@code LOUPE_KERNELS=panama}).
 *
 * <p>{@code VectorMath.pchunk} cuts a matrix product of L rows into {@code parallelSplitSize()} chunks of
 * {@code L / splits} rows and gives the last chunk only {@code L % chunkSize} extra rows, so some rows are never
 * computed whenever that is less than what is left. The native kernels split into 128: a width of 576
 * (SmolLM2-135M) computes 512 of its rows and the model answers wrongly without any error. Panama splits into
 * as many chunks as there are cores, which covers every width real models use. Loupe checks a model's widths
 * against the active kernels and refuses what would be computed wrongly.
 *
 * <p>The split cannot be patched in place: replacing Jlama's provider (reflectively) or initialising it before
 * the first forward pass were both seen to make Jlama compute wrong probabilities on longer prompts.
 */
public final class JlamaKernels {
    private JlamaKernels() {}

    /** Whether a product of {@code rows} rows split into {@code splits} chunks computes every row. */
    static boolean coversAllRows(int rows, int splits) {
        int s = Math.min(rows, splits);
        if (s <= 1) {
            return true;
        }
        int chunk = rows / s;
        return s * chunk + rows % chunk == rows;
    }

    /** Name and split of the kernels in use; only call after a forward pass (see the class comment). */
    static String describe() {
        var ops = TensorOperationsProvider.get();
        return ops.name() + " (" + ops.parallelSplitSize() + " row chunks)";
    }

    /**
     * Refuses a model whose matrix widths the active kernels would not compute completely. Only call after the
     * model's first forward pass.
     */
    static void checkWidths(ModelInfo info, int intermediateSize) {
        var ops = TensorOperationsProvider.get();
        int splits = ops.parallelSplitSize();
        int[] widths = {info.hiddenSize(), info.attentionHeads() * info.headDim(), info.kvHeads() * info.headDim(), info.vocabSize(), intermediateSize};
        for (int width : widths) {
            if (width > 0 && !coversAllRows(width, splits)) {
                throw new ModelLoadException("The model " + info.name() + " has layers " + width + " wide, which Jlama 0.8.4's "
                        + ops.name() + " compute wrongly; start Loupe with LOUPE_KERNELS=panama to run it with the exact (slower) Panama kernels.");
            }
        }
    }
}
