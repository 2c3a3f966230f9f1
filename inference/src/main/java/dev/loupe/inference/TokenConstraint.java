package dev.loupe.inference;

/**
 * Restricts which tokens may come next, so that the output stays a valid prefix of some language (a JSON
 * Schema, a regular expression). The decode loop asks a fresh {@link State} per generation to mask the logits
 * before sampling; the model's raw probabilities reported in {@link TokenEvent} are unaffected.
 */
public interface TokenConstraint {
    /** No restriction. */
    TokenConstraint NONE = () -> null;

    /** A new state machine at the start of the output, or null for no restriction. */
    State start();

    /** Per-generation state; used by one thread. */
    interface State {
        /**
         * Sets the logits of every token that cannot come next to negative infinity. Must leave at least one token
         * allowed unless {@link #isComplete()}.
         *
         * @param logits [vocab] raw logits, modified in place
         */
        void mask(float[] logits);

        /** Advances past the chosen token (one of those left allowed by {@link #mask}). */
        void accept(int tokenId);

        /** True when the output is a complete match and nothing may follow: generation ends here. */
        boolean isComplete();
    }
}
