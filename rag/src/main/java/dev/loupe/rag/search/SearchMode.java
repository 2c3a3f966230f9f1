package dev.loupe.rag.search;

/** Which retrievers answer a search and how their lists are combined. */
public enum SearchMode {
    /** Lexical BM25 only. */
    BM25,
    /** Embedding similarity only. */
    DENSE,
    /** Both, fused by reciprocal rank (rank-based, no score calibration needed). */
    HYBRID,
    /** Both, scores min-max normalised per list and mixed convexly. */
    HYBRID_MINMAX
}
