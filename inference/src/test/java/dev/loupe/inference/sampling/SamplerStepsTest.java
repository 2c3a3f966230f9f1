package dev.loupe.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each step on small examples worked out by hand. */
class SamplerStepsTest {
    /** Logits whose softmax at temperature 1 is exactly proportional to {@code probs}. */
    private static float[] logitsOf(double... probs) {
        float[] z = new float[probs.length];
        for (int i = 0; i < probs.length; i++) {
            z[i] = (float) Math.log(probs[i]);
        }
        return z;
    }

    private static Candidates candidates(float[] logits) {
        var candidates = new Candidates(logits.length);
        candidates.reset(logits);
        return candidates;
    }

    private static int[] keptIds(Candidates candidates) {
        int[] ids = Arrays.copyOf(candidates.ids, candidates.size);
        Arrays.sort(ids);
        return ids;
    }

    private static double probability(Candidates candidates, int id) {
        candidates.ensureWeights();
        return candidates.weight[id] / candidates.totalWeight;
    }

    private static PenaltyWindow window(int vocab, int windowTokens, int... history) {
        var window = new PenaltyWindow(vocab, windowTokens);
        window.load(TokenHistory.of(history));
        return window;
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        var candidates = candidates(new float[] {2f, -2f, 1f, 0.5f});
        // Token 0 occurs twice but is penalised once; token 3 is not in the history.
        new RepetitionPenalty(2, window(4, 0, 0, 1, 0, 2)).apply(candidates);
        assertArrayEquals(new float[] {1f, -4f, 0.5f, 0.5f}, candidates.logit);
    }

    @Test
    void frequencyPenaltySubtractsOncePerOccurrence() {
        var candidates = candidates(new float[] {1f, 1f, 1f});
        new FrequencyPenalty(0.25, window(3, 0, 0, 0, 0, 1)).apply(candidates);
        assertArrayEquals(new float[] {0.25f, 0.75f, 1f}, candidates.logit);
    }

    @Test
    void presencePenaltySubtractsOnceForEveryPresentToken() {
        var candidates = candidates(new float[] {1f, 1f, 1f});
        new PresencePenalty(0.5, window(3, 0, 0, 0, 0, 1)).apply(candidates);
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, candidates.logit);
    }

    @Test
    void penaltiesOnlySeeTheLastWindowTokens() {
        var candidates = candidates(new float[] {1f, 1f, 1f, 1f});
        new PresencePenalty(1, window(4, 2, 0, 1, 2)).apply(candidates);
        assertArrayEquals(new float[] {1f, 0f, 0f, 1f}, candidates.logit);
    }

    @Test
    void logitBiasAddsToChosenTokensAndMinusInfinityBans() {
        var candidates = candidates(new float[] {1f, 1f, 1f});
        new LogitBias(Map.of(0, 2f, 2, Float.NEGATIVE_INFINITY), 3).apply(candidates);
        assertArrayEquals(new float[] {3f, 1f, Float.NEGATIVE_INFINITY}, candidates.logit);
        assertEquals(0, probability(candidates, 2));
    }

    @Test
    void logitBiasOutsideTheVocabularyIsRejected() {
        assertThrows(InvalidSettingsException.class, () -> new LogitBias(Map.of(5, 1f), 5));
    }

    @Test
    void temperatureFlattensAboveOneAndSharpensBelowOne() {
        var hot = candidates(logitsOf(0.8, 0.2));
        new Temperature(2).apply(hot);
        // Logits ln 0.8 and ln 0.2 halved: probabilities proportional to sqrt(0.8) and sqrt(0.2), i.e. 2/3 and 1/3.
        assertEquals(2.0 / 3, probability(hot, 0), 1e-6);
        var cold = candidates(logitsOf(0.8, 0.2));
        new Temperature(0.5).apply(cold);
        // Squared: 0.64 and 0.04, renormalised.
        assertEquals(0.64 / 0.68, probability(cold, 0), 1e-6);
    }

    @Test
    void topKKeepsTheKHighestWithTiesGoingToLowerIds() {
        var candidates = candidates(new float[] {1f, 3f, 3f, 2f, 3f});
        new TopKFilter(2).apply(candidates);
        assertArrayEquals(new int[] {1, 2}, keptIds(candidates));
        assertEquals(0.5, probability(candidates, 1), 1e-6);
    }

    @Test
    void topPKeepsSmallestSetAboveThreshold() {
        float[] z = logitsOf(0.5, 0.3, 0.15, 0.05);
        var candidates = candidates(z);
        new TopPFilter(0.75).apply(candidates);
        assertArrayEquals(new int[] {0, 1}, keptIds(candidates));
        assertEquals(0.5 / 0.8, probability(candidates, 0), 1e-6);

        var wider = candidates(z);
        new TopPFilter(0.81).apply(wider);
        assertArrayEquals(new int[] {0, 1, 2}, keptIds(wider));

        var narrow = candidates(z);
        new TopPFilter(0.2).apply(narrow);
        assertArrayEquals(new int[] {0}, keptIds(narrow));
    }

    @Test
    void minPKeepsTokensAboveFractionOfMax() {
        var candidates = candidates(logitsOf(0.5, 0.3, 0.15, 0.05));
        // 0.2 * 0.5 = 0.1: only the 0.05 token is below.
        new MinPFilter(0.2).apply(candidates);
        assertArrayEquals(new int[] {0, 1, 2}, keptIds(candidates));
        assertEquals(0.5 / 0.95, probability(candidates, 0), 1e-6);
    }

    @Test
    void typicalPKeepsTokensWhoseSurprisalIsClosestToTheEntropy() {
        // H = 1.1422 nats; surprisals 0.693, 1.204, 1.897, 2.996: token 1 is closest, then token 0.
        float[] z = logitsOf(0.5, 0.3, 0.15, 0.05);
        var candidates = candidates(z);
        new TypicalPFilter(0.5, 4).apply(candidates);
        assertArrayEquals(new int[] {0, 1}, keptIds(candidates));

        var narrow = candidates(z);
        new TypicalPFilter(0.25, 4).apply(narrow);
        assertArrayEquals(new int[] {1}, keptIds(narrow), "typical-p may drop the most probable token");
    }

    @Test
    void drawWalksTokensFromTheMostProbable() {
        float[] z = logitsOf(0.15, 0.5, 0.05, 0.3);
        // Canonical order: 1 (0.5), 3 (0.3), 0 (0.15), 2 (0.05); cumulative 0.5, 0.8, 0.95, 1.
        double[] us = {0.0, 0.49, 0.51, 0.79, 0.81, 0.94, 0.96, 0.999};
        int[] expected = {1, 1, 3, 3, 0, 0, 2, 2};
        for (int i = 0; i < us.length; i++) {
            var candidates = candidates(z);
            assertEquals(expected[i], candidates.draw(us[i]), "u = " + us[i]);
        }
    }

    @Test
    void tokensWithoutWeightAreNeverDrawn() {
        var candidates = candidates(new float[] {0f, Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY});
        assertEquals(2, candidates.draw(Math.nextDown(1.0)));
    }
}
