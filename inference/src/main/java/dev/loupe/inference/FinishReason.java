package dev.loupe.inference;

/** Why a generation ended. */
public enum FinishReason {
    /** The model produced an end-of-sequence or another stop token. */
    EOS,
    /** A stop string appeared in the output (it is not part of the returned text). */
    STOP_STRING,
    /** The maximum number of new tokens was reached. */
    MAX_TOKENS,
    /** The model's context window is full. */
    CONTEXT_FULL,
    /** The caller cancelled; the result holds what was generated until then. */
    CANCELLED
}
