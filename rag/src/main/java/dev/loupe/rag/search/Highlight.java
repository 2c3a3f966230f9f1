package dev.loupe.rag.search;

/**
 * A query match inside a hit's passage text.
 *
 * @param start UTF-16 offset in {@code Passage.text()} of the matched word
 * @param end offset after it (exclusive)
 */
public record Highlight(int start, int end) {
    public Highlight {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("A highlight needs 0 <= start < end, got " + start + ".." + end);
        }
    }
}
