package dev.loupe.inference.sampling;

import java.util.Arrays;

/**
 * The token ids of one generation so far, prompt first and then every generated token, in order. The sampler's
 * penalties read the most recent tokens of it through {@link #windowStart(int)} and {@link #get(int)}.
 *
 * <p>Growable and mutable; not thread-safe: the inference thread owns it. Appending is amortised O(1) and does
 * not allocate once the capacity has grown past the sequence length.
 */
public final class TokenHistory {
    private int[] tokens; // [capacity], ids at [0, size)
    private int size;

    /** An empty history. */
    public TokenHistory() {
        this.tokens = new int[256];
    }

    /** A history holding the given ids in order, for example a tokenized prompt. */
    public static TokenHistory of(int... tokenIds) {
        var history = new TokenHistory();
        history.addAll(tokenIds);
        return history;
    }

    /** Appends one token id; ids are never negative. */
    public void add(int tokenId) {
        if (tokenId < 0) {
            throw new IllegalArgumentException("token ids are never negative, got " + tokenId);
        }
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[size++] = tokenId;
    }

    /** Appends every id of {@code tokenIds} in order. */
    public void addAll(int[] tokenIds) {
        for (int id : tokenIds) {
            add(id);
        }
    }

    /** Number of tokens held. */
    public int size() {
        return size;
    }

    /** The id at {@code index}, counted from the first prompt token. */
    public int get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " outside a history of " + size + " tokens");
        }
        return tokens[index];
    }

    /**
     * Index of the first of the last {@code windowTokens} tokens, so that {@code get(windowStart(n))} up to
     * {@code get(size() - 1)} are the most recent ones. 0 means the whole history, as in
     * {@link SamplerSettings#penaltyWindowTokens()}.
     */
    public int windowStart(int windowTokens) {
        if (windowTokens < 0) {
            throw new IllegalArgumentException("window must be 0 (all tokens) or positive, got " + windowTokens);
        }
        return windowTokens == 0 ? 0 : Math.max(0, size - windowTokens);
    }

    /** Forgets every token; the capacity is kept. */
    public void clear() {
        size = 0;
    }

    /** A copy of the ids, oldest first. */
    public int[] toArray() {
        return Arrays.copyOf(tokens, size);
    }

    @Override
    public String toString() {
        return "TokenHistory" + Arrays.toString(toArray());
    }
}
