package dev.loupe.app.storage.conversation;

/** Who a message is from, as chat templates distinguish it. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT
}
