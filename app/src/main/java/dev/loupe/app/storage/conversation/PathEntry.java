package dev.loupe.app.storage.conversation;

import java.util.Objects;

/**
 * One step of a conversation's active path, with what a "2/3" switcher needs.
 *
 * @param message the active message at this depth
 * @param siblingIndex its position among its siblings in the order they were added, from 0
 * @param siblingCount how many siblings there are, itself included (1 when there is no alternative)
 */
public record PathEntry(Message message, int siblingIndex, int siblingCount) {
    public PathEntry {
        Objects.requireNonNull(message, "message");
        if (siblingCount < 1 || siblingIndex < 0 || siblingIndex >= siblingCount) {
            throw new IllegalArgumentException("sibling " + siblingIndex + " of " + siblingCount + " is out of range");
        }
    }
}
