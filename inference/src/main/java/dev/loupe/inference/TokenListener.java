package dev.loupe.inference;

/**
 * Receives a generation as it happens, on the inference thread: do little here and hand rendering to the UI
 * thread yourself. Exceptions thrown by a listener end the generation and reach the caller.
 */
public interface TokenListener {
    TokenListener NONE = event -> {};

    /** Called once per generated token, in order, with the model's view of that step. */
    void onToken(TokenEvent event);

    /**
     * Called with text that is final for display: stop strings are held back until they are ruled out and never
     * delivered, so the concatenation of all deltas equals {@link GenerationResult#text()}.
     */
    default void onText(String delta) {}
}
