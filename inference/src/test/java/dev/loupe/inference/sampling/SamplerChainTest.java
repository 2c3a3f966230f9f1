package dev.loupe.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.sampling.StepExplanation.Kind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SamplerChainTest {
    private static final int VOCAB = 49_152;
    private static final SamplerSettings ALL_FILTERS = new SamplerSettings(0.8, 60, 0.93, 0.02, 0.95, 1.1, 0.1, 0.05, 64, Map.of());

    /** Generates {@code count} tokens, feeding each back into the history and drawing fresh logits per step. */
    private static List<Integer> generate(SamplerChain chain, long seed, int count) {
        var logitSource = new SplittableRandom(99);
        var random = SamplerChain.seededRandom(seed);
        var history = TokenHistory.of(1, 2, 3);
        var tokens = new ArrayList<Integer>();
        for (int i = 0; i < count; i++) {
            int token = chain.sample(TestLogits.flat(chain.vocabSize(), logitSource), history, random);
            history.add(token);
            tokens.add(token);
        }
        return tokens;
    }

    @Test
    void greedyIsArgmax() {
        var random = new SplittableRandom(5);
        var chain = new SamplerChain(SamplerSettings.GREEDY, 1000);
        for (int i = 0; i < 20; i++) {
            float[] z = TestLogits.peaked(1000, random);
            int argmax = 0;
            for (int id = 1; id < z.length; id++) {
                if (z[id] > z[argmax]) {
                    argmax = id;
                }
            }
            var fixed = new FixedRandom(0.3);
            assertEquals(argmax, chain.sample(z, new TokenHistory(), fixed));
            assertEquals(0, fixed.calls(), "greedy decoding draws no random number");
        }
        assertEquals(1, chain.sample(new float[1000], new TokenHistory(), new FixedRandom()) + 1, "ties go to the lowest id");
    }

    @Test
    void greedyStillAppliesPenalties() {
        var chain = new SamplerChain(SamplerSettings.GREEDY.withPenalties(2, 0, 0, 64), 3);
        assertEquals(1, chain.sample(new float[] {3f, 2f, 1f}, TokenHistory.of(0), new FixedRandom()));
    }

    @Test
    void sameSeedSameTokens() {
        var first = generate(new SamplerChain(ALL_FILTERS, VOCAB), 42, 200);
        var second = generate(new SamplerChain(ALL_FILTERS, VOCAB), 42, 200);
        assertEquals(first, second);
    }

    @Test
    void differentSeedsDiffer() {
        var chain = new SamplerChain(SamplerSettings.DEFAULTS.withTopK(0), VOCAB);
        assertNotEquals(generate(chain, 1, 50), generate(chain, 2, 50));
    }

    @Test
    void aReusedChainGivesWhatAFreshChainGives() {
        var random = new SplittableRandom(8);
        var reused = new SamplerChain(ALL_FILTERS, VOCAB);
        for (int i = 0; i < 5; i++) {
            reused.sample(TestLogits.flat(VOCAB, random), TokenHistory.of(i), new FixedRandom(random.nextDouble()));
        }
        for (int i = 0; i < 20; i++) {
            float[] z = i % 2 == 0 ? TestLogits.flat(VOCAB, random) : TestLogits.peaked(VOCAB, random);
            double u = random.nextDouble();
            var history = TokenHistory.of(7, 7, i);
            assertEquals(new SamplerChain(ALL_FILTERS, VOCAB).sample(z, history, new FixedRandom(u)),
                    reused.sample(z, history, new FixedRandom(u)));
        }
    }

    @Test
    void sampleDoesNotModifyTheCallersLogits() {
        var random = new SplittableRandom(3);
        float[] z = TestLogits.peaked(5000, random);
        float[] copy = z.clone();
        new SamplerChain(ALL_FILTERS.withLogitBias(Map.of(4, -3f)), 5000).sample(z, TokenHistory.of(1, 2, 3, 4), new FixedRandom(0.4));
        assertArrayEquals(copy, z);
    }

    @Test
    void drawFrequenciesFollowTheFinalDistribution() {
        float[] z = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        var chain = new SamplerChain(new SamplerSettings(1, 0, 1, 0, 1, 1, 0, 0, 64, Map.of()), 4);
        var random = SamplerChain.seededRandom(11);
        int[] counts = new int[4];
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            counts[chain.sample(z, new TokenHistory(), random)]++;
        }
        double[] expected = {0.5, 0.3, 0.15, 0.05};
        for (int id = 0; id < 4; id++) {
            // Five standard deviations of a binomial frequency.
            double sigma = Math.sqrt(expected[id] * (1 - expected[id]) / draws);
            assertEquals(expected[id], counts[id] / (double) draws, 5 * sigma, "frequency of token " + id);
        }
    }

    @Test
    void explainPicksTheSameTokenAsSampleFor100SeededDraws() {
        var chain = new SamplerChain(ALL_FILTERS, VOCAB);
        var logitSource = new SplittableRandom(17);
        var sampleRandom = SamplerChain.seededRandom(2024);
        var explainRandom = SamplerChain.seededRandom(2024);
        var history = TokenHistory.of(5, 6, 7);
        for (int i = 0; i < 100; i++) {
            float[] z = i % 2 == 0 ? TestLogits.peaked(VOCAB, logitSource) : TestLogits.flat(VOCAB, logitSource);
            int sampled = chain.sample(z, history, sampleRandom);
            var explanation = chain.explain(z, history, explainRandom, 20);
            assertEquals(sampled, explanation.chosenId(), "draw " + i);
            history.add(sampled);
        }
    }

    @Test
    void explainShowsEveryStageAndWhereEachFilterCut() {
        // Probabilities 0.4, 0.3, 0.2, 0.06, 0.04 at temperature 1.
        float[] z = {(float) Math.log(0.4), (float) Math.log(0.3), (float) Math.log(0.2), (float) Math.log(0.06), (float) Math.log(0.04)};
        var settings = new SamplerSettings(1.0, 4, 0.75, 0.5, 1, 1, 0, 0, 64, Map.of());
        var explanation = new SamplerChain(settings, 5).explain(z, new TokenHistory(), new FixedRandom(0.7), 3);

        assertEquals(List.of(Kind.RAW, Kind.TOP_K, Kind.TOP_P, Kind.MIN_P, Kind.FINAL),
                explanation.stages().stream().map(StepExplanation.Stage::kind).toList());
        var raw = explanation.stage(Kind.RAW).orElseThrow();
        assertEquals(5, raw.candidateCount());
        assertEquals(3, raw.top().size(), "only the asked number of tokens is kept per stage");
        assertEquals(0.4, raw.top().getFirst().probability(), 1e-6);

        var topK = explanation.stage(Kind.TOP_K).orElseThrow();
        assertEquals(4, topK.candidateCount());
        assertEquals(0.96, topK.keptMass(), 1e-6);
        assertEquals(0.06, topK.cutoffProbability(), 1e-6);
        assertEquals(0.4 / 0.96, topK.top().getFirst().probability(), 1e-6);

        // Renormalised over four: 0.4167, 0.3125 reach 0.75 only with the third (0.2083).
        var topP = explanation.stage(Kind.TOP_P).orElseThrow();
        assertEquals(3, topP.candidateCount());
        assertEquals(0.9 / 0.96, topP.keptMass(), 1e-6);

        // Half of the most probable (0.4 / 0.9 / 2 = 0.222): the 0.2 / 0.9 = 0.222 token sits exactly on the line.
        var minP = explanation.stage(Kind.MIN_P).orElseThrow();
        assertEquals(3, minP.candidateCount());

        var last = explanation.stages().getLast();
        assertEquals(3, last.candidateCount());
        assertEquals(0.7, explanation.u());
        // Cumulative 0.444, 0.778: u = 0.7 falls on the second most probable token.
        assertEquals(1, explanation.chosenId());
        assertFalse(explanation.greedy());
        assertTrue(explanation.stage(Kind.TYPICAL_P).isEmpty());
    }

    @Test
    void explainOfGreedyPutsAllMassOnTheArgmax() {
        var explanation = new SamplerChain(SamplerSettings.GREEDY, 3).explain(new float[] {1f, 5f, 2f}, new TokenHistory(), new FixedRandom(), 3);
        assertTrue(explanation.greedy());
        assertEquals(1, explanation.chosenId());
        assertEquals(List.of(new StepExplanation.TokenProbability(1, 1.0)), explanation.stages().getLast().top());
    }

    @Test
    void aBannedTokenIsNeverSampled() {
        float[] z = {5f, 0f, 0f};
        var chain = new SamplerChain(SamplerSettings.DEFAULTS.withLogitBias(Map.of(0, Float.NEGATIVE_INFINITY)), 3);
        var random = SamplerChain.seededRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertNotEquals(0, chain.sample(z, new TokenHistory(), random));
        }
    }

    @Test
    void banningEveryTokenIsReportedAsASettingsProblem() {
        var bias = Map.of(0, Float.NEGATIVE_INFINITY, 1, Float.NEGATIVE_INFINITY);
        for (var settings : List.of(SamplerSettings.DEFAULTS, SamplerSettings.GREEDY)) {
            var chain = new SamplerChain(settings.withLogitBias(bias), 2);
            assertThrows(InvalidSettingsException.class, () -> chain.sample(new float[2], new TokenHistory(), new FixedRandom(0.5)));
        }
    }

    @Test
    void wrongInputsAreRejected() {
        var chain = new SamplerChain(SamplerSettings.DEFAULTS, 4);
        assertThrows(IllegalArgumentException.class, () -> chain.sample(new float[3], new TokenHistory(), new FixedRandom(0.5)));
        assertThrows(IllegalArgumentException.class, () -> chain.sample(new float[4], TokenHistory.of(9), new FixedRandom(0.5)));
        assertThrows(IllegalArgumentException.class, () -> chain.sample(new float[] {0, Float.NaN, 0, 0}, new TokenHistory(), new FixedRandom(0.5)));
        assertThrows(IllegalArgumentException.class, () -> chain.sample(new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, new TokenHistory(), new FixedRandom(0.5)));
        assertThrows(InvalidSettingsException.class, () -> new SamplerChain(SamplerSettings.DEFAULTS.withLogitBias(Map.of(4, 1f)), 4));
        assertThrows(InvalidSettingsException.class, () -> new SamplerChain(SamplerSettings.DEFAULTS.withLogitBias(Map.of(1, Float.POSITIVE_INFINITY)), 4));
    }

    @Test
    void samplingAllocatesNothingPerToken() {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        var counter = (com.sun.management.ThreadMXBean) threads;
        var random = new SplittableRandom(4);
        float[][] rows = {TestLogits.flat(VOCAB, random), TestLogits.peaked(VOCAB, random)};
        var history = TokenHistory.of(TestLogits.history(VOCAB, 100, random));
        // An array, not a List: the list's iterator would be the only allocation measured.
        SamplerChain[] chains = {new SamplerChain(ALL_FILTERS, VOCAB), new SamplerChain(SamplerSettings.DEFAULTS.withTopK(0), VOCAB),
                new SamplerChain(SamplerSettings.DEFAULTS, VOCAB)};
        var statistics = new LogitStatistics(VOCAB, 20);
        var draws = SamplerChain.seededRandom(3);
        long id = Thread.currentThread().threadId();
        // What reading the counter itself costs, measured around nothing.
        long start = counter.getThreadAllocatedBytes(id);
        long overhead = counter.getThreadAllocatedBytes(id) - start;
        // Until the JIT has compiled the vector code, the Vector API allocates; so measure after warming up, and
        // warm up more while rounds still allocate. A real per-token allocation shows in every round.
        long allocated = -1;
        for (int round = 0; round < 10 && allocated != overhead; round++) {
            run(chains, rows, history, statistics, draws, 100);
            long before = counter.getThreadAllocatedBytes(id);
            run(chains, rows, history, statistics, draws, 5);
            allocated = counter.getThreadAllocatedBytes(id) - before;
        }
        assertEquals(overhead, allocated, "bytes allocated by 30 sampling steps and statistics, beyond the counter's own");
    }

    private static void run(SamplerChain[] chains, float[][] rows, TokenHistory history, LogitStatistics statistics,
                            java.util.random.RandomGenerator draws, int repeats) {
        for (int repeat = 0; repeat < repeats; repeat++) {
            for (var chain : chains) {
                for (float[] row : rows) {
                    chain.sample(row, history, draws);
                    statistics.compute(row);
                }
            }
        }
    }
}
