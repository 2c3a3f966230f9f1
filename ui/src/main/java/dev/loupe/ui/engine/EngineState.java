package dev.loupe.ui.engine;

/** What a view-model is doing, as its view shows it. */
public enum EngineState {
    /** Ready for the next action. */
    IDLE,
    /** A model (or a conversation) is being loaded. */
    LOADING,
    /** Tokens are streaming. */
    GENERATING,
    /** Stop was asked for; the generation ends within one token. */
    CANCELLING,
    /** The last action failed; the error says why, and the next action may be tried. */
    ERROR;

    /** Whether a generation is running or ending, so that no other may start. */
    public boolean isBusy() {
        return this == LOADING || this == GENERATING || this == CANCELLING;
    }
}
