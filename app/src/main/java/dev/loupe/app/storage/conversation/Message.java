package dev.loupe.app.storage.conversation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation tree. Its per-token data is read separately with
 * {@link ConversationStore#tokens(MessageId)}, so that listing a long conversation stays cheap.
 *
 * @param id its id
 * @param conversationId the conversation it belongs to
 * @param parentId the message it answers or follows; empty for a first message. Messages with the same parent
 *     are siblings: alternatives the user can switch between
 * @param role who it is from
 * @param content its text (for a streaming message, what was saved so far)
 * @param status streaming, complete or interrupted
 * @param createdAt when it was added
 * @param generation how it was generated; present only for generated assistant messages
 * @param timings what generation cost; present once a generation finished
 */
public record Message(MessageId id, ConversationId conversationId, Optional<MessageId> parentId, Role role,
                      String content, MessageStatus status, Instant createdAt, Optional<GenerationSetup> generation,
                      Optional<Timings> timings) {
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(timings, "timings");
        if (generation.isPresent() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only assistant messages are generated, got a " + role + " message with a generation");
        }
        if (timings.isPresent() && generation.isEmpty()) {
            throw new IllegalArgumentException("timings belong to a generation; the message has none");
        }
    }
}
