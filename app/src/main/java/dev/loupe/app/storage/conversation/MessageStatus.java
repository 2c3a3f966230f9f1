package dev.loupe.app.storage.conversation;

/** Where a message is in its life. Only assistant messages are ever anything but {@link #COMPLETE}. */
public enum MessageStatus {
    /** Being generated: content and tokens are what was saved so far. */
    STREAMING,
    /** Final; never changes again. */
    COMPLETE,
    /** Generation stopped without finishing (an error, or the app was closed or killed while streaming). */
    INTERRUPTED
}
