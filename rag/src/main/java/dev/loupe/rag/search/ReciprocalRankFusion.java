package dev.loupe.rag.search;

import dev.loupe.rag.index.ScoredPassage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al. 2009): {@code score = sum over lists of 1 / (k + rank)}. Uses ranks only,
 * so BM25's unbounded scores and cosine similarities need no calibration; {@code k} damps the weight of the top
 * ranks (60 in the original paper).
 */
public final class ReciprocalRankFusion implements Fusion {
    private final double k;

    public ReciprocalRankFusion(double k) {
        if (!(k >= 0)) {
            throw new IllegalArgumentException("k must be non-negative, got " + k);
        }
        this.k = k;
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
            double score = (a == null ? 0 : 1.0 / (k + a.rank())) + (b == null ? 0 : 1.0 / (k + b.rank()));
            out.add(new Fused(id, score, a, b));
        }
        out.sort(Comparator.comparingDouble(Fused::score).reversed()); // stable: ties keep insertion order
        return out;
    }
}
