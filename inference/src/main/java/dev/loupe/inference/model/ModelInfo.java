package dev.loupe.inference.model;

import java.nio.file.Path;

/**
 * What Loupe knows about a model folder before loading it, read from config.json and the safetensors headers.
 *
 * @param name the folder name
 * @param dir the model folder
 * @param modelType the {@code model_type} of config.json (llama, qwen2, ...)
 * @param architecture the first entry of {@code architectures}, or the model type when absent
 * @param parameterCount number of weights (quantisation scales excluded)
 * @param weightDtype the dtype holding most of the weights (F32, BF16, Q4, ...)
 * @param weightBytes bytes of tensor data (what the weights occupy in memory once mapped)
 * @param sizeOnDiskBytes bytes of all files in the folder
 * @param contextTokens the context length the model was trained for
 * @param layers transformer layers
 * @param hiddenSize width of the residual stream
 * @param attentionHeads query heads
 * @param kvHeads key/value heads (fewer than query heads with grouped-query attention)
 * @param headDim width of one attention head
 * @param vocabSize vocabulary size
 * @param chatTemplate whether tokenizer_config.json carries a chat template
 */
public record ModelInfo(
        String name,
        Path dir,
        String modelType,
        String architecture,
        long parameterCount,
        String weightDtype,
        long weightBytes,
        long sizeOnDiskBytes,
        int contextTokens,
        int layers,
        int hiddenSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        int vocabSize,
        boolean chatTemplate) {

    /** Bytes per key/value element: Jlama keeps its KV cache in F32 working memory. */
    public static final int KV_BYTES_PER_ELEMENT = 4;

    /** Keys and values of every layer for {@code tokens} positions: 2 x layers x tokens x kvHeads x headDim. */
    public long kvCacheBytes(int tokens) {
        return 2L * layers * tokens * kvHeads * headDim * KV_BYTES_PER_ELEMENT;
    }

    public long kvCacheBytesAtFullContext() {
        return kvCacheBytes(contextTokens);
    }

    /** Memory needed to run the model at its full context: the weights plus the KV cache. */
    public long ramEstimateBytes() {
        return weightBytes + kvCacheBytesAtFullContext();
    }
}
