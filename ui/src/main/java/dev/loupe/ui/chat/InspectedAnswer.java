package dev.loupe.ui.chat;

import dev.loupe.inference.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * A stored reply handed from the chat to the Inspect workspace: where it lives in the conversation tree and what
 * the model saw and used when it generated it.
 *
 * @param conversationId its conversation
 * @param messageId the reply
 * @param parentId the message it answers; a branch made in Inspect becomes another reply to it
 * @param prompt the conversation up to the reply (system prompt included), as the chat template renders it
 * @param setup the model, sampler settings and seed it was generated with
 */
public record InspectedAnswer(long conversationId, long messageId, long parentId, List<ChatMessage> prompt, ReplySetup setup) {
    public InspectedAnswer {
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(setup, "setup");
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("an answer answers at least one message");
        }
    }

    /** The same conversation place with another reply to the same message, e.g. a branch just stored. */
    public InspectedAnswer withMessage(long otherReplyId) {
        return new InspectedAnswer(conversationId, otherReplyId, parentId, prompt, setup);
    }
}
