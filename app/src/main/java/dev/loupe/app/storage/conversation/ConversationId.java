package dev.loupe.app.storage.conversation;

/** Identifies a conversation in one database; ids are never reused. */
public record ConversationId(long value) {
    public ConversationId {
        if (value <= 0) {
            throw new IllegalArgumentException("conversation ids are positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "conversation " + value;
    }
}
