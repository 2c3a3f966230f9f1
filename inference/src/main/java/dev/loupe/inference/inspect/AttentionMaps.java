package dev.loupe.inference.inspect;

/**
 * Attention weights of every layer and head over one token sequence: {@code weight(layer, head, query, key)} is
 * how much the query position attends to the key position, 0 for keys after the query (causal); each query's
 * weights sum to 1. Immutable.
 */
public final class AttentionMaps {
    private final int[] tokenIds;
    private final float[][][][] weights; // [layer][head][query][key <= query]

    AttentionMaps(int[] tokenIds, float[][][][] weights) {
        this.tokenIds = tokenIds.clone();
        this.weights = weights;
    }

    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int layers() {
        return weights.length;
    }

    public int heads() {
        return weights[0].length;
    }

    public int tokens() {
        return tokenIds.length;
    }

    public float weight(int layer, int head, int query, int key) {
        float[] row = weights[layer][head][query];
        return key < row.length ? row[key] : 0f;
    }

    /** The weights of {@code query} over keys {@code 0..query}, a copy. */
    public float[] row(int layer, int head, int query) {
        return weights[layer][head][query].clone();
    }
}
