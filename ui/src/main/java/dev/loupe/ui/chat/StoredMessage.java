package dev.loupe.ui.chat;

import dev.loupe.inference.ChatMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * A message of the conversation's active branch, with what the "2/3" switcher needs.
 *
 * @param id its id in the repository
 * @param parentId the message it follows; empty for a first message
 * @param role who it is from
 * @param content its text
 * @param state streaming, complete or interrupted
 * @param setup how it was generated, for generated replies
 * @param timings what the generation cost, once it finished
 * @param siblingIndex its position among the alternatives with the same parent, from 0
 * @param siblingCount how many alternatives there are, itself included
 */
public record StoredMessage(long id, Optional<Long> parentId, ChatMessage.Role role, String content, MessageState state,
                            Optional<ReplySetup> setup, Optional<ReplyTimings> timings, int siblingIndex, int siblingCount) {
    public StoredMessage {
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(timings, "timings");
        if (siblingCount < 1 || siblingIndex < 0 || siblingIndex >= siblingCount) {
            throw new IllegalArgumentException("sibling " + siblingIndex + " of " + siblingCount + " is out of range");
        }
    }
}
