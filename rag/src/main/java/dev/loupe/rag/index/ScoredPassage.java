package dev.loupe.rag.index;

import java.util.Objects;

/**
 * A passage as one retriever ranked it.
 *
 * @param passage the chunk
 * @param score the retriever's raw score: BM25 for text search, the dot product (cosine) for vectors
 * @param rank 1-based rank in that retriever's list
 */
public record ScoredPassage(Passage passage, double score, int rank) {
    public ScoredPassage {
        Objects.requireNonNull(passage, "passage");
        if (rank < 1) {
            throw new IllegalArgumentException("Ranks start at 1, got " + rank);
        }
    }
}
