package dev.loupe.inference.importer;

/**
 * The seven header fields of a llama2.c checkpoint (legacy "v0" format), validated so that every derived size
 * below is consistent. Sizes are counts of elements, never bytes, unless the method name says otherwise.
 *
 * @param dim width of the residual stream (the embedding size)
 * @param hiddenDim width of the SwiGLU feed-forward layer as stored in the checkpoint
 * @param layers number of transformer blocks
 * @param heads number of query heads
 * @param kvHeads number of key/value heads (grouped-query attention when fewer than {@code heads})
 * @param vocabSize number of tokens; always positive here (the sign in the file only says whether the classifier is shared)
 * @param seqLen the context length the model was trained with, in tokens
 * @param sharedClassifier true when the output classifier is the token embedding (positive vocab_size in the file)
 */
public record Llama2cShape(
        int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int seqLen, boolean sharedClassifier) {

    public Llama2cShape {
        check(dim > 0, "dim must be positive, got " + dim);
        check(hiddenDim > 0, "hidden_dim must be positive, got " + hiddenDim);
        check(layers > 0, "n_layers must be positive, got " + layers);
        check(heads > 0, "n_heads must be positive, got " + heads);
        check(kvHeads > 0, "n_kv_heads must be positive, got " + kvHeads);
        check(vocabSize > 0, "vocab_size must not be 0, got " + vocabSize);
        check(seqLen > 0, "seq_len must be positive, got " + seqLen);
        check(dim % heads == 0, "dim " + dim + " is not a multiple of n_heads " + heads);
        check(heads % kvHeads == 0, "n_heads " + heads + " is not a multiple of n_kv_heads " + kvHeads);
        check((dim / heads) % 2 == 0, "the head size " + (dim / heads) + " is odd, so rotary embeddings cannot pair its dimensions");
    }

    /** Width of one attention head. */
    public int headSize() {
        return dim / heads;
    }

    /** Width of the key and value projections: {@code kvHeads * headSize()}. */
    public int kvDim() {
        return kvHeads * headSize();
    }

    /**
     * Number of weights the model uses (the unused RoPE tables of the file are not counted).
     *
     * @throws ArithmeticException if the count does not fit in a long (only a garbage header does that)
     */
    public long parameterCount() {
        long perLayer = Math.addExact(Math.addExact(
                2L * dim, // the two RMSNorm weights
                Math.multiplyExact(2L * dim, (long) dim + kvDim())), // wq, wo, wk, wv
                Math.multiplyExact(3L * hiddenDim, dim)); // w1, w2, w3
        long embedding = (long) vocabSize * dim;
        long classifier = sharedClassifier ? 0 : embedding;
        return Math.addExact(Math.addExact(embedding, Math.multiplyExact(layers, perLayer)), dim + classifier);
    }

    /**
     * Number of float32 values the checkpoint holds after its header: weights, the two RoPE tables, the classifier.
     *
     * @throws ArithmeticException as {@link #parameterCount()}
     */
    public long storedFloatCount() {
        long ropeTables = 2L * seqLen * (headSize() / 2);
        return Math.addExact(parameterCount(), ropeTables);
    }

    /**
     * Exact size in bytes of a legacy llama2.c checkpoint with this shape.
     *
     * @throws ArithmeticException as {@link #parameterCount()}
     */
    public long expectedFileBytes() {
        return Math.addExact(Llama2cCheckpoint.HEADER_BYTES, Math.multiplyExact(Float.BYTES, storedFloatCount()));
    }

    @Override
    public String toString() {
        return "dim %d, hidden_dim %d, n_layers %d, n_heads %d, n_kv_heads %d, vocab_size %d, seq_len %d, %s classifier"
                .formatted(dim, hiddenDim, layers, heads, kvHeads, vocabSize, seqLen, sharedClassifier ? "shared" : "separate");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
