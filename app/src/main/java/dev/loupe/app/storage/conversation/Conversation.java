package dev.loupe.app.storage.conversation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation's own fields; its messages are read through {@link ConversationStore}.
 *
 * @param id its id
 * @param title shown in the sidebar
 * @param systemPrompt the system prompt for new generations, empty for none
 * @param modelId the model new generations use by default
 * @param createdAt when it was created
 * @param updatedAt when it or one of its messages last changed
 * @param deletedAt when it was moved to the trash; empty while it is not there
 */
public record Conversation(ConversationId id, String title, String systemPrompt, Optional<String> modelId,
                           Instant createdAt, Instant updatedAt, Optional<Instant> deletedAt) {
    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }

    public boolean isDeleted() {
        return deletedAt.isPresent();
    }
}
