package dev.loupe.rag.search;

/** How hybrid search combines the BM25 and dense lists. */
public enum FusionMethod {
    /** {@link ReciprocalRankFusion}: ranks only. */
    RRF,
    /** {@link MinMaxFusion}: min-max normalised scores, mixed convexly. */
    MIN_MAX
}
