package dev.loupe.rag.search;

/** Which retrievers answer a search. */
public enum SearchMode {
    /** Lexical BM25 only. */
    BM25,
    /** Embedding similarity only. */
    DENSE,
    /** Both, combined by the searcher's {@link FusionMethod}. */
    HYBRID
}
