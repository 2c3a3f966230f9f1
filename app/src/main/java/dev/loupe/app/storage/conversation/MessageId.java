package dev.loupe.app.storage.conversation;

/** Identifies a message in one database; ids are never reused and grow in the order messages were added. */
public record MessageId(long value) {
    public MessageId {
        if (value <= 0) {
            throw new IllegalArgumentException("message ids are positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "message " + value;
    }
}
