package dev.loupe.rag.embed;

/**
 * Where one token sits in a text.
 *
 * @param start index of the first UTF-16 char of the token
 * @param end index after the last char (exclusive)
 */
public record TokenSpan(int start, int end) {
    public TokenSpan {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("A token span needs 0 <= start <= end, got " + start + ".." + end);
        }
    }
}
