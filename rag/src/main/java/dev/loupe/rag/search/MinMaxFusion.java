package dev.loupe.rag.search;

import dev.loupe.rag.index.ScoredPassage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Score-normalised fusion: each list's scores are min-max scaled to [0, 1] and mixed as
 * {@code alpha * bm25 + (1 - alpha) * dense}; a passage missing from a list gets 0 from it. Unlike rank fusion it
 * keeps how far apart the scores are, which helps when one retriever is much more confident.
 */
public final class MinMaxFusion implements Fusion {
    private final double alpha;

    /** @param alpha weight of BM25 in [0, 1] */
    public MinMaxFusion(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public List<Fused> fuse(List<ScoredPassage> bm25, List<ScoredPassage> dense) {
        Map<String, double[]> scores = new LinkedHashMap<>(); // [bm25 normalised, dense normalised]
        Map<String, ScoredPassage> lexical = new LinkedHashMap<>();
        Map<String, ScoredPassage> vector = new LinkedHashMap<>();
        normalise(bm25, 0, scores, lexical);
        normalise(dense, 1, scores, vector);
        List<Fused> out = new ArrayList<>(scores.size());
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            double score = alpha * e.getValue()[0] + (1 - alpha) * e.getValue()[1];
            out.add(new Fused(e.getKey(), score, lexical.get(e.getKey()), vector.get(e.getKey())));
        }
        out.sort(Comparator.comparingDouble(Fused::score).reversed());
        return out;
    }

    private static void normalise(List<ScoredPassage> list, int slot, Map<String, double[]> scores,
            Map<String, ScoredPassage> byId) {
        if (list.isEmpty()) {
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ScoredPassage p : list) {
            min = Math.min(min, p.score());
            max = Math.max(max, p.score());
        }
        double range = max - min;
        for (ScoredPassage p : list) {
            String id = p.passage().id();
            if (byId.putIfAbsent(id, p) != null) {
                continue;
            }
            double normalised = range > 0 ? (p.score() - min) / range : 1.0;
            scores.computeIfAbsent(id, x -> new double[2])[slot] = normalised;
        }
    }
}
