package dev.loupe.inference.inspect;

/**
 * What the {@link InspectionPass} needs to know about a Llama-architecture model (pre-norm RMSNorm blocks,
 * grouped-query attention with rotary embeddings over pairs {@code (i, i + headSize/2)}, SwiGLU feed-forward),
 * with Hugging Face weight names.
 *
 * @param dim width of the residual stream
 * @param hiddenDim width of the feed-forward layer
 * @param layers transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads; divides {@code heads}
 * @param headSize width of one head
 * @param rmsNormEps added to the mean square before the square root
 * @param attentionScale multiplies query-key dot products (usually {@code 1 / sqrt(headSize)})
 * @param rotary the position rotation
 */
public record LlamaShape(int dim, int hiddenDim, int layers, int heads, int kvHeads, int headSize, float rmsNormEps,
                         float attentionScale, Rotary rotary) {
    public LlamaShape {
        if (dim < 1 || hiddenDim < 1 || layers < 1 || heads < 1 || kvHeads < 1 || headSize < 2 || headSize % 2 != 0) {
            throw new IllegalArgumentException("every size must be positive and the head size even, got " + this);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads cannot share " + kvHeads + " key/value heads evenly");
        }
        if (rotary == null) {
            throw new IllegalArgumentException("a rotary embedding is required");
        }
    }

    public int queryDim() {
        return heads * headSize;
    }

    public int kvDim() {
        return kvHeads * headSize;
    }
}
