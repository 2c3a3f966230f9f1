package dev.loupe.ui.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * A conversation as the list shows it.
 *
 * @param id its id in the repository
 * @param title shown in the list
 * @param systemPrompt the system prompt of new generations, empty for none
 * @param updatedAt when it or one of its messages last changed
 */
public record ConversationSummary(long id, String title, String systemPrompt, Instant updatedAt) {
    public ConversationSummary {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
