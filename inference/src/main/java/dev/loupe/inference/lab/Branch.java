package dev.loupe.inference.lab;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.StepExplanation;

/**
 * A generation whose KV cache and per-position hidden states are kept, so that any of its steps can be explained
 * and a new branch can start at any of its positions without computing the shared prefix again. Several branches
 * live side by side, each with its own cache (about {@code ModelInfo.kvCacheBytes(tokens)} of memory): close
 * them when done. Methods block and take the model's lock; not for the UI thread.
 */
public interface Branch extends AutoCloseable {
    /** Every token of the branch, from position 0: its context (prompt or shared prefix), then what it generated. */
    int[] tokenIds();

    /** Positions before the first generated token: the prompt, or for a fork the prefix shared with its parent. */
    int contextTokens();

    /** What this branch generated; token {@code i} is at position {@code contextTokens() + i}. */
    GenerationResult result();

    /**
     * Every stage of the sampler chain at generated step {@code step}, replayed from the kept hidden state with
     * the same settings, history, constraint state and random draw: it agrees exactly with what the sampler did
     * (a disagreement would throw, not return).
     *
     * @param shownTokens most probable tokens listed per stage, at least 1
     * @throws dev.loupe.inference.LoupeException when the step does not exist or its token was not sampled (a
     *     forced token, or one chosen by contrastive search)
     */
    StepExplanation explainStep(int step, int shownTokens);

    /**
     * A new branch sharing this one's first {@code position} tokens (their keys and values are copied, not
     * computed again), with {@code tokenId} forced at {@code position} and a continuation generated after it.
     * The new branch's first generated token is the forced one, with the model's probabilities for it.
     *
     * @param position 1 to {@code tokenIds().length}; {@code contextTokens() + i} replaces generated step i
     * @param continuation sampler, seed, maximum new tokens (the forced token included), stop strings,
     *     alternatives and constraint of the continuation; its prompt is not used
     */
    Branch fork(int position, int tokenId, GenerationRequest continuation, CancellationToken cancel, TokenListener listener);

    /** Frees the KV cache. Further calls fail. */
    @Override
    void close();
}
