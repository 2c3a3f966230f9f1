package dev.loupe.inference.inspect;

/**
 * What one {@link InspectionPass} saw: the residual stream after every layer at every position and, when asked
 * for, the attention weights. Read-only after construction; arrays returned are the pass's own, do not modify.
 */
public final class Inspection {
    private final int[] tokenIds;
    private final float[][][] residual;     // [layer 0..L][position][dim]; layer 0 is the embedding
    private final float[][][][] attention;  // [layer][head][query][key <= query], or null

    Inspection(int[] tokenIds, float[][][] residual, float[][][][] attention) {
        this.tokenIds = tokenIds.clone();
        this.residual = residual;
        this.attention = attention;
    }

    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int tokens() {
        return tokenIds.length;
    }

    /** Transformer blocks: {@link #residual} has layers 0 (embedding) to this. */
    public int layers() {
        return residual.length - 1;
    }

    /**
     * The residual stream at {@code position} after {@code layer} blocks (0: the token embedding; the last: the
     * final residual, before the final norm).
     *
     * @return [dim]
     */
    public float[] residual(int layer, int position) {
        return residual[layer][position];
    }

    /** The attention weights, or empty when the pass was run without them. */
    public java.util.Optional<AttentionMaps> attention() {
        return attention == null ? java.util.Optional.empty() : java.util.Optional.of(new AttentionMaps(tokenIds, attention));
    }
}
