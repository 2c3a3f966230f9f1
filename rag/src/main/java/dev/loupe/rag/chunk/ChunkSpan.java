package dev.loupe.rag.chunk;

/**
 * A chunk's place in its document's text.
 *
 * @param start UTF-16 index of the chunk's first char
 * @param end index after its last char (exclusive), greater than {@code start}
 */
public record ChunkSpan(int start, int end) {
    public ChunkSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("A chunk needs 0 <= start < end, got " + start + ".." + end);
        }
    }

    public int length() {
        return end - start;
    }
}
