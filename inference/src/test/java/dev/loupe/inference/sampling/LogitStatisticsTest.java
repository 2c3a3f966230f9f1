package dev.loupe.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.TopToken;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LogitStatisticsTest {
    @ParameterizedTest(name = "vocab {0}")
    @ValueSource(ints = {1, 17, 1000, 49_152})
    void matchesANaiveDoubleComputation(int size) {
        var random = new SplittableRandom(size);
        var statistics = new LogitStatistics(size, Math.min(20, size));
        for (float[] z : new float[][] {TestLogits.peaked(size, random), TestLogits.flat(size, random), TestLogits.ties(size, random)}) {
            statistics.compute(z);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : z) {
                sum += Math.exp(v - max);
            }
            double logZ = max + Math.log(sum);
            double entropy = 0;
            for (float v : z) {
                double p = Math.exp(v - logZ);
                if (p > 0) {
                    entropy -= p * Math.log(p);
                }
            }
            assertEquals(max, statistics.maxLogit());
            assertEquals(logZ, statistics.logSumExp(), 1e-6);
            assertEquals(entropy, statistics.entropy(), 1e-5);
            for (int i = 0; i < 20; i++) {
                int id = random.nextInt(size);
                assertEquals(Math.exp(z[id] - logZ), statistics.probability(id), 1e-6, "probability of " + id);
                if (z[id] != Float.NEGATIVE_INFINITY) {
                    assertEquals(z[id] - logZ, statistics.logProbability(id), 1e-6, "log-probability of " + id);
                }
            }
            var expectedTop = NaiveSampler.topK(NaiveSampler.all(size), z, statistics.topCount());
            for (int rank = 0; rank < statistics.topCount(); rank++) {
                assertEquals(expectedTop.get(rank), statistics.topId(rank), "id at rank " + rank);
                assertEquals(Math.exp(z[expectedTop.get(rank)] - logZ), statistics.topProbability(rank), 1e-6);
            }
        }
    }

    @Test
    void topAlternativesBreakTiesByLowerId() {
        var statistics = new LogitStatistics(6, 3);
        statistics.compute(new float[] {1f, 2f, 2f, 0f, 2f, 2f});
        assertEquals(1, statistics.topId(0));
        assertEquals(2, statistics.topId(1));
        assertEquals(4, statistics.topId(2));
    }

    @Test
    void topTokensAreTheRankedAlternativesNamedAndWithTheirProbabilities() {
        var statistics = new LogitStatistics(6, 3);
        statistics.compute(new float[] {1f, 2f, 2f, 0f, 2f, 2f});
        var top = statistics.topTokens(2, id -> "t" + id);
        assertEquals(List.of(new TopToken(1, "t1", (float) statistics.probability(1)),
                new TopToken(2, "t2", (float) statistics.probability(2))), top);
        assertTrue(statistics.topTokens(0, id -> "t" + id).isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> statistics.topTokens(4, id -> "t" + id), "no more than topCount");
    }

    @Test
    void logProbabilityStaysFiniteWhereTheProbabilityUnderflows() {
        var statistics = new LogitStatistics(3, 0);
        statistics.compute(new float[] {0f, -2000f, Float.NEGATIVE_INFINITY});
        assertEquals(0, statistics.probability(1));
        assertEquals(-2000, statistics.logProbability(1), 1e-9);
        assertEquals(0, statistics.entropy(), 1e-12, "all mass on one token");
    }

    @Test
    void maskingTheCallersLogitsAfterwardsChangesNoResult() {
        float[] z = {2f, 1f, 0f};
        var statistics = new LogitStatistics(3, 2);
        statistics.compute(z);
        double before = statistics.logProbability(1);
        z[1] = Float.NEGATIVE_INFINITY;
        assertEquals(before, statistics.logProbability(1));
        assertEquals(Math.exp(before), statistics.topProbability(1), 1e-12);
    }

    @Test
    void uniformLogitsHaveTheEntropyOfTheirCount() {
        var statistics = new LogitStatistics(1000, 20);
        statistics.compute(new float[1000]);
        assertEquals(Math.log(1000), statistics.entropy(), 1e-6);
        assertEquals(Math.log(1000), statistics.logSumExp(), 1e-6);
        assertTrue(statistics.topId(19) == 19, "ties ranked by id");
    }

    @Test
    void nanAndWrongLengthsAreRejected() {
        var statistics = new LogitStatistics(3, 1);
        assertThrows(IllegalArgumentException.class, () -> statistics.compute(new float[] {0f, Float.NaN, 1f}));
        assertThrows(IllegalArgumentException.class, () -> statistics.compute(new float[2]));
        assertThrows(IllegalArgumentException.class, () -> statistics.compute(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}));
    }
}
