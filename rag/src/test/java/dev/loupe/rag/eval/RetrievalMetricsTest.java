package dev.loupe.rag.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {
    @Test
    void ndcgMatchesHandComputedValues() {
        Map<String, Integer> rel = Map.of("a", 1, "b", 1);
        assertEquals(1.0, RetrievalMetrics.ndcg(List.of("a", "b", "c"), rel, 10), 1e-12);
        // relevant at ranks 2 and 3: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3))
        double expected = (1 / log2(3) + 0.5) / (1 + 1 / log2(3));
        assertEquals(expected, RetrievalMetrics.ndcg(List.of("x", "a", "b"), rel, 10), 1e-12);
        assertEquals(0.0, RetrievalMetrics.ndcg(List.of("x", "y"), rel, 10), 1e-12);
        assertEquals(0.0, RetrievalMetrics.ndcg(List.of("x", "a"), rel, 1), 1e-12);
    }

    @Test
    void gradedRelevanceUsesLinearGain() {
        Map<String, Integer> rel = Map.of("a", 2, "b", 1);
        double dcg = 1 + 2 / log2(3);
        double idcg = 2 + 1 / log2(3);
        assertEquals(dcg / idcg, RetrievalMetrics.ndcg(List.of("b", "a"), rel, 10), 1e-12);
    }

    @Test
    void recallAndReciprocalRankCountWithinTheCutoff() {
        Map<String, Integer> rel = Map.of("a", 1, "b", 1, "c", 1, "d", 1);
        assertEquals(0.5, RetrievalMetrics.recall(List.of("a", "x", "b", "c"), rel, 3), 1e-12);
        assertEquals(1.0 / 3, RetrievalMetrics.reciprocalRank(List.of("x", "y", "c"), rel, 10), 1e-12);
        assertEquals(0.0, RetrievalMetrics.reciprocalRank(List.of("x", "y", "c"), rel, 2), 1e-12);
    }

    @Test
    void percentileIsNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, RetrievalEvaluation.percentile(sorted, 50));
        assertEquals(10, RetrievalEvaluation.percentile(sorted, 95));
        assertEquals(1, RetrievalEvaluation.percentile(new double[] {1}, 95));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
