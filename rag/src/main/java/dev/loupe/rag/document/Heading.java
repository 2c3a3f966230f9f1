package dev.loupe.rag.document;

import java.util.Objects;

/**
 * A heading found in a document.
 *
 * @param offset UTF-16 index in the document text where the heading's section starts
 * @param level 1 for the top level (h1, "#", Heading 1), deeper levels count up
 * @param title the heading's text, trimmed
 */
public record Heading(int offset, int level, String title) {
    public Heading {
        Objects.requireNonNull(title, "title");
        if (offset < 0) {
            throw new IllegalArgumentException("A heading offset cannot be negative, got " + offset);
        }
        if (level < 1) {
            throw new IllegalArgumentException("A heading level starts at 1, got " + level);
        }
        title = title.strip();
    }
}
