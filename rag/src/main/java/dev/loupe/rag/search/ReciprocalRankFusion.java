package dev.loupe.rag.search;

import dev.loupe.rag.index.ScoredPassage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al. 2009): {@code score = w / (k + bm25Rank) + (1 - w) / (k + denseRank)}, a
 * list that misses the passage adding nothing. Uses ranks only, so BM25's unbounded scores and cosine similarities
 * need no calibration; {@code k} damps the weight of the top ranks (60 in the original paper) and {@code w = 0.5}
 * is the original, unweighted fusion.
 */
public final class ReciprocalRankFusion implements Fusion {
    private final double k;
    private final double bm25Weight;

    /** Unweighted fusion. */
    public ReciprocalRankFusion(double k) {
        this(k, 0.5);
    }

    /** @param bm25Weight weight of the BM25 list in [0, 1]; the dense list gets the rest */
    public ReciprocalRankFusion(double k, double bm25Weight) {
        if (!(k >= 0)) {
            throw new IllegalArgumentException("k must be non-negative, got " + k);
        }
        if (!(bm25Weight >= 0 && bm25Weight <= 1)) {
            throw new IllegalArgumentException("bm25Weight must be in [0, 1], got " + bm25Weight);
        }
        this.k = k;
        this.bm25Weight = bm25Weight;
    }

    @Override
    public List<Fused> fuse(List<ScoredPassage> bm25, List<ScoredPassage> dense) {
        Map<String, ScoredPassage> lexical = new LinkedHashMap<>();
        bm25.forEach(p -> lexical.putIfAbsent(p.passage().id(), p));
        Map<String, ScoredPassage> vector = new LinkedHashMap<>();
        dense.forEach(p -> vector.putIfAbsent(p.passage().id(), p));
        Map<String, Boolean> ids = new LinkedHashMap<>();
        lexical.keySet().forEach(id -> ids.put(id, true));
        vector.keySet().forEach(id -> ids.put(id, true));
        List<Fused> out = new ArrayList<>(ids.size());
        for (String id : ids.keySet()) {
            ScoredPassage a = lexical.get(id);
            ScoredPassage b = vector.get(id);
            double score = (a == null ? 0 : bm25Weight / (k + a.rank()))
                    + (b == null ? 0 : (1 - bm25Weight) / (k + b.rank()));
            out.add(new Fused(id, score, a, b));
        }
        out.sort(Comparator.comparingDouble(Fused::score).reversed()); // stable: ties keep insertion order
        return out;
    }
}
