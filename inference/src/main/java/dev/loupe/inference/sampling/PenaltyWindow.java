package dev.loupe.inference.sampling;

/**
 * How often each token occurs among the most recent tokens of a {@link TokenHistory}: loaded once per sampling
 * step, shared by the penalty steps, then cleared. Costs O(window), not O(vocab). Not thread-safe.
 */
final class PenaltyWindow {
    private final int windowTokens;
    private final int[] count;    // [vocab] occurrences by token id; all 0 outside load..clear
    private final int[] distinct; // [vocab] ids with a non-zero count at [0, distinctCount)
    private int distinctCount;

    /** @param windowTokens how many recent tokens count; 0 means the whole history */
    PenaltyWindow(int vocabSize, int windowTokens) {
        if (windowTokens < 0) {
            throw new IllegalArgumentException("window must be 0 (all tokens) or positive, got " + windowTokens);
        }
        this.windowTokens = windowTokens;
        this.count = new int[vocabSize];
        this.distinct = new int[vocabSize];
    }

    /** Counts the window of {@code history}; ids outside the vocabulary are rejected. */
    void load(TokenHistory history) {
        clear();
        for (int i = history.windowStart(windowTokens); i < history.size(); i++) {
            int id = history.get(i);
            if (id >= count.length) {
                throw new IllegalArgumentException("token id " + id + " in the history is outside the vocabulary of " + count.length);
            }
            if (count[id]++ == 0) {
                distinct[distinctCount++] = id;
            }
        }
    }

    void clear() {
        for (int i = 0; i < distinctCount; i++) {
            count[distinct[i]] = 0;
        }
        distinctCount = 0;
    }

    /** Number of different tokens in the window. */
    int distinctCount() {
        return distinctCount;
    }

    /** The i-th different token (in order of first occurrence). */
    int distinctId(int i) {
        return distinct[i];
    }

    /** Occurrences of {@code id} in the window. */
    int count(int id) {
        return count[id];
    }
}
