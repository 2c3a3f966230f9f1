package dev.loupe.rag.search;

import dev.loupe.rag.index.Passage;
import dev.loupe.rag.index.ScoredPassage;
import java.util.List;

/** Combines the ranked lists of two retrievers into one. Implementations are stateless and thread-safe. */
public interface Fusion {

    /**
     * @param bm25 the lexical list, best first
     * @param dense the dense list, best first
     * @return every passage of either list with its fused score, best first (ties keep BM25's order)
     */
    List<Fused> fuse(List<ScoredPassage> bm25, List<ScoredPassage> dense);

    /**
     * A passage with its fused score and where each retriever had it.
     *
     * @param id the passage's {@link Passage#id()}
     * @param bm25 the BM25 entry, or null when BM25 did not return the passage
     * @param dense the dense entry, or null when the dense retriever did not return it
     */
    record Fused(String id, double score, ScoredPassage bm25, ScoredPassage dense) {
        /** The passage, from whichever list has it. */
        public Passage passage() {
            return bm25 != null ? bm25.passage() : dense.passage();
        }
    }
}
