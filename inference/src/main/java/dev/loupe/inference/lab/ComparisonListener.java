package dev.loupe.inference.lab;

import dev.loupe.inference.TokenListener;

/**
 * Receives a comparison as it runs, on the inference thread: each setting's run gets its own {@link TokenListener},
 * asked for when that run starts, so a caller can stream every setting into its own place (the Compare
 * workspace's columns). Runs happen one after the other on the shared prefill, in the order of the settings.
 */
@FunctionalInterface
public interface ComparisonListener {
    /** Streams nothing. */
    ComparisonListener NONE = index -> TokenListener.NONE;

    /**
     * The listener of the run of setting {@code index} (from 0, in the order given), called once when that run
     * starts. Beam search delivers its best beam's tokens once the search ends, as {@code decode} does.
     */
    TokenListener run(int index);
}
