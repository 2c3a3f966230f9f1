package dev.loupe.rag.search;

/**
 * How one retriever ranked a hit.
 *
 * @param score BM25 score, or cosine similarity in [-1, 1] for the dense retriever
 * @param rank 1-based rank in that retriever's list
 */
public record RetrieverScore(double score, int rank) {
    public RetrieverScore {
        if (rank < 1) {
            throw new IllegalArgumentException("Ranks start at 1, got " + rank);
        }
    }
}
