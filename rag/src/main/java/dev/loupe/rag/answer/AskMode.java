package dev.loupe.rag.answer;

/** How {@link AskPipeline} retrieves the passages an answer is grounded in. */
public enum AskMode {
    /** Search with the question itself. */
    PLAIN,
    /** Let the model draft an answer first and search with the draft's embedding ({@link HydeRetriever}). */
    HYDE
}
