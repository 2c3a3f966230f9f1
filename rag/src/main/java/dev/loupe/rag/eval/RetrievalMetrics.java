package dev.loupe.rag.eval;

import java.util.List;
import java.util.Map;

/** The standard ranking metrics, as trec_eval and BEIR compute them (linear gain for nDCG). Stateless. */
public final class RetrievalMetrics {
    private RetrievalMetrics() {}

    /**
     * Normalised discounted cumulative gain of the first {@code k} results.
     *
     * @param ranking document ids, best first
     * @param relevant document id to grade (> 0)
     */
    public static double ndcg(List<String> ranking, Map<String, Integer> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            dcg += relevant.getOrDefault(ranking.get(i), 0) / log2(i + 2);
        }
        List<Integer> ideal = relevant.values().stream().sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Share of the relevant documents found in the first {@code k} results. */
    public static double recall(List<String> ranking, Map<String, Integer> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        long found = ranking.stream().limit(k).filter(relevant::containsKey).count();
        return (double) found / relevant.size();
    }

    /** 1 / rank of the first relevant result within the first {@code k}, else 0. */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> relevant, int k) {
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (relevant.containsKey(ranking.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
