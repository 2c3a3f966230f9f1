package dev.loupe.rag.answer;

import dev.loupe.rag.index.Passage;
import java.util.Objects;

/**
 * A passage found again in its document, ready to be shown highlighted in context.
 *
 * @param passage the passage as indexed
 * @param text what to show: the whole document, or for paged formats the text of the passage's page
 * @param start UTF-16 offset of the passage in {@code text}
 * @param end offset after the passage (exclusive)
 * @param page 1-based page shown, 0 for formats without pages
 * @param pageCount pages of the document, 0 for formats without pages
 * @param match how well the document still matches what was indexed
 */
public record LocatedPassage(Passage passage, String text, int start, int end, int page, int pageCount, Match match) {

    /** Whether the document changed since it was indexed. */
    public enum Match {
        /** The passage is where the index says, unchanged. */
        EXACT,
        /** The document changed, but the passage's text was found elsewhere in it. */
        MOVED,
        /** The document changed and the passage is no longer in it; {@code text} is the indexed passage alone. */
        GONE
    }

    public LocatedPassage {
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(match, "match");
        if (start < 0 || end < start || end > text.length()) {
            throw new IllegalArgumentException("The highlight " + start + ".." + end + " is outside the text");
        }
    }

    /** The highlighted text. */
    public String highlighted() {
        return text.substring(start, end);
    }
}
