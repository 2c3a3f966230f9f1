package dev.loupe.inference.jlama;

import dev.loupe.inference.sampling.TokenHistory;

/**
 * How the decode loop picks each next token: the sampler chain, a forced token, or contrastive search. Used by
 * one generation on the inference thread.
 */
interface TokenChooser {
    /**
     * Picks the token for position {@code sequence.length()}. A chooser that ran the chosen token's forward pass
     * itself leaves it staged in the sequence ({@link Sequence#stage}), so that appending it costs nothing more.
     *
     * @param logits [vocab] raw logits of that position, with the output constraint's mask applied; only read
     * @param history the sequence's ids so far, prompt included; only read
     */
    int choose(float[] logits, TokenHistory history, Sequence sequence);

    /** Random numbers drawn so far; an explanation replays a step after skipping this many. */
    int draws();

    /** Whether the token of the step just chosen came from the sampler chain (and so can be explained). */
    boolean sampledLast();
}
