package dev.loupe.ui.chat;

/** Where a stored message is in its life. */
public enum MessageState {
    /** Being generated. */
    STREAMING,
    /** Final. */
    COMPLETE,
    /** Generation stopped without finishing: an error, or the app closed while it streamed. */
    INTERRUPTED
}
