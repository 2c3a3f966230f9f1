package dev.loupe.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimised step against {@link NaiveSampler} on random logits: the same kept token set, exactly, and the same
 * renormalised probabilities within 1e-6; the whole chain draws the same token for the same u.
 */
class SamplerStepsPropertyTest {
    private static final double TOLERANCE = 1e-6;
    private static final int[] SIZES = {1, 2, 17, 1000, 5000, 49_152};

    enum Shape {
        PEAKED(TestLogits::peaked), FLAT(TestLogits::flat), TIES(TestLogits::ties);

        final BiFunction<Integer, SplittableRandom, float[]> make;

        Shape(BiFunction<Integer, SplittableRandom, float[]> make) {
            this.make = make;
        }
    }

    static Stream<Arguments> cases() {
        var cases = new ArrayList<Arguments>();
        for (var shape : Shape.values()) {
            for (int size : SIZES) {
                cases.add(Arguments.of(shape, size));
            }
        }
        return cases.stream();
    }

    private static Candidates prepared(float[] logits, double temperature) {
        var candidates = new Candidates(logits.length);
        candidates.reset(logits);
        new Temperature(temperature).apply(candidates);
        return candidates;
    }

    /** Kept set and renormalised probabilities of the optimised candidates against the naive kept set. */
    private static void assertSameDistribution(Candidates candidates, List<Integer> expectedIds, float[] logits,
                                               double temperature, String what) {
        var actual = new TreeSet<Integer>();
        for (int i = 0; i < candidates.size; i++) {
            actual.add(candidates.ids[i]);
        }
        assertEquals(new TreeSet<>(expectedIds), actual, what + ": kept set");
        candidates.ensureWeights();
        var expected = NaiveSampler.softmax(expectedIds, logits, temperature);
        for (var e : expected.entrySet()) {
            double p = candidates.weight[e.getKey()] / candidates.totalWeight;
            assertEquals(e.getValue(), p, TOLERANCE, what + ": probability of token " + e.getKey());
        }
    }

    @ParameterizedTest(name = "{0} logits, vocab {1}")
    @MethodSource("cases")
    void topKKeepsTheSameTokensAsAFullSort(Shape shape, int size) {
        var random = new SplittableRandom(size * 31L + shape.ordinal());
        for (int k : new int[] {1, 5, 40, 1500}) {
            float[] z = shape.make.apply(size, random);
            var candidates = prepared(z, 0.8);
            new TopKFilter(k).apply(candidates);
            var expected = NaiveSampler.topK(NaiveSampler.all(size), z, k);
            assertSameDistribution(candidates, expected, z, 0.8, "top-k " + k);
            if (candidates.sorted) {
                for (int i = 0; i < candidates.size; i++) {
                    assertEquals(expected.get(i), candidates.ids[i], "top-k order at " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} logits, vocab {1}")
    @MethodSource("cases")
    void topPKeepsTheSameNucleusAsAFullSort(Shape shape, int size) {
        var random = new SplittableRandom(size * 37L + shape.ordinal());
        for (double p : new double[] {0.1337, 0.5071, 0.9137, 0.99913}) {
            float[] z = shape.make.apply(size, random);
            var candidates = prepared(z, 0.7);
            new TopPFilter(p).apply(candidates);
            assertSameDistribution(candidates, NaiveSampler.topP(NaiveSampler.all(size), z, 0.7, p), z, 0.7, "top-p " + p);
        }
    }

    @ParameterizedTest(name = "{0} logits, vocab {1}")
    @MethodSource("cases")
    void topPAfterTopKWalksTheSortedCandidates(Shape shape, int size) {
        var random = new SplittableRandom(size * 41L + shape.ordinal());
        float[] z = shape.make.apply(size, random);
        var candidates = prepared(z, 1.3);
        new TopKFilter(50).apply(candidates);
        new TopPFilter(0.8713).apply(candidates);
        var expected = NaiveSampler.topP(NaiveSampler.topK(NaiveSampler.all(size), z, 50), z, 1.3, 0.8713);
        assertSameDistribution(candidates, expected, z, 1.3, "top-k 50 then top-p");
    }

    @ParameterizedTest(name = "{0} logits, vocab {1}")
    @MethodSource("cases")
    void minPKeepsTheSameTokensAsTheNaiveRule(Shape shape, int size) {
        var random = new SplittableRandom(size * 43L + shape.ordinal());
        for (double minP : new double[] {0.0113, 0.0517, 0.3031}) {
            float[] z = shape.make.apply(size, random);
            var candidates = prepared(z, 0.9);
            new MinPFilter(minP).apply(candidates);
            assertSameDistribution(candidates, NaiveSampler.minP(NaiveSampler.all(size), z, 0.9, minP), z, 0.9, "min-p " + minP);
        }
    }

    @ParameterizedTest(name = "{0} logits, vocab {1}")
    @MethodSource("cases")
    void typicalPKeepsTheSameTokensAsAFullSortBySurprisal(Shape shape, int size) {
        var random = new SplittableRandom(size * 47L + shape.ordinal());
        for (double p : new double[] {0.2113, 0.7019, 0.9517}) {
            float[] z = shape.make.apply(size, random);
            var candidates = prepared(z, 1.1);
            new TypicalPFilter(p, size).apply(candidates);
            assertSameDistribution(candidates, NaiveSampler.typical(NaiveSampler.all(size), z, 1.1, p), z, 1.1, "typical-p " + p);
        }
    }

    @ParameterizedTest(name = "{0} logits, vocab {1}")
    @MethodSource("cases")
    void penaltiesAndBiasGiveTheSameLogitsAsTheNaiveRule(Shape shape, int size) {
        var random = new SplittableRandom(size * 53L + shape.ordinal());
        float[] z = shape.make.apply(size, random);
        int[] history = TestLogits.history(size, 300, random);
        var settings = SamplerSettings.DEFAULTS.withPenalties(1.3, 0.4, -0.3, 64)
                .withLogitBias(size > 1 ? Map.of(0, -2.5f, size - 1, 1.5f) : Map.of(0, -2.5f));
        var chain = new SamplerChain(settings, size);
        var candidates = new Candidates(size);
        candidates.reset(z);
        var window = new PenaltyWindow(size, 64);
        window.load(TokenHistory.of(history));
        new RepetitionPenalty(1.3, window).apply(candidates);
        new FrequencyPenalty(0.4, window).apply(candidates);
        new PresencePenalty(-0.3, window).apply(candidates);
        new LogitBias(settings.logitBias(), size).apply(candidates);
        float[] expected = NaiveSampler.penalised(z, history, settings);
        for (int id = 0; id < size; id++) {
            assertEquals(expected[id], candidates.logit[id], "logit of token " + id);
        }
        assertEquals(List.of(StepExplanation.Kind.REPETITION_PENALTY, StepExplanation.Kind.FREQUENCY_PENALTY,
                StepExplanation.Kind.PRESENCE_PENALTY, StepExplanation.Kind.LOGIT_BIAS, StepExplanation.Kind.TEMPERATURE,
                StepExplanation.Kind.TOP_K, StepExplanation.Kind.TOP_P, StepExplanation.Kind.MIN_P), chain.steps());
    }

    static Stream<Arguments> chainCases() {
        var settings = List.of(
                SamplerSettings.DEFAULTS,
                SamplerSettings.DEFAULTS.withTopK(0),
                new SamplerSettings(1.2, 0, 1, 0, 1, 1, 0, 0, 64, Map.of()),
                new SamplerSettings(0.7, 0, 0.9137, 0.0313, 0.8711, 1.2, 0.2, 0.1, 32, Map.of(3, Float.NEGATIVE_INFINITY)),
                new SamplerSettings(0.9, 100, 0.9713, 0.0211, 0.9311, 1.1, 0, 0, 0, Map.of()),
                SamplerSettings.GREEDY.withPenalties(1.5, 0, 0, 16));
        var cases = new ArrayList<Arguments>();
        for (var shape : Shape.values()) {
            for (int size : new int[] {17, 5000, 49_152}) {
                for (int i = 0; i < settings.size(); i++) {
                    cases.add(Arguments.of(shape, size, i, settings.get(i)));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The optimised draw sums float weights, the naive one double probabilities; they may disagree only where u
     * lies within that rounding (1e-6) of a boundary between two tokens. So the chosen token's interval of
     * cumulative probability in the naive final distribution must contain u, give or take 1e-6; greedy must match
     * exactly.
     */
    @ParameterizedTest(name = "{0} logits, vocab {1}, settings #{2}")
    @MethodSource("chainCases")
    void chainDrawsTheTokenWhoseNaiveIntervalHoldsU(Shape shape, int size, int index, SamplerSettings settings) {
        var random = new SplittableRandom(size * 59L + shape.ordinal() * 7L + index);
        var chain = new SamplerChain(settings, size);
        var history = TestLogits.history(size, 100, random);
        var tokenHistory = TokenHistory.of(history);
        int exact = 0;
        int draws = 0;
        for (int row = 0; row < 8; row++) {
            float[] z = shape.make.apply(size, random);
            float[] penalised = NaiveSampler.penalised(z, history, settings);
            if (settings.isGreedy()) {
                var fixed = new FixedRandom(0.5);
                assertEquals(NaiveSampler.sample(z, history, settings, 0.5), chain.sample(z, tokenHistory, fixed));
                assertEquals(0, fixed.calls(), "greedy takes no random number");
                continue;
            }
            var naiveFinal = NaiveSampler.softmax(NaiveSampler.filtered(penalised, settings), penalised, settings.temperature());
            for (double u : new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble(), 0.0, 0.999_999_9}) {
                var fixed = new FixedRandom(u);
                int token = chain.sample(z, tokenHistory, fixed);
                assertEquals(1, fixed.calls(), "one nextDouble() per draw");
                double before = 0;
                Double probability = null;
                for (var e : naiveFinal.entrySet()) {
                    if (e.getKey() == token) {
                        probability = e.getValue();
                        break;
                    }
                    before += e.getValue();
                }
                assertNotNull(probability, "token " + token + " is not among the naive final candidates");
                assertTrue(u >= before - TOLERANCE && u < before + probability + TOLERANCE,
                        "u = " + u + " lies outside token " + token + "'s interval [" + before + ", " + (before + probability) + ")");
                draws++;
                if (NaiveSampler.draw(new ArrayList<>(naiveFinal.keySet()), penalised, settings.temperature(), u) == token) {
                    exact++;
                }
            }
            var explanation = chain.explain(z, tokenHistory, new FixedRandom(0.5), 10);
            var last = explanation.stages().getLast();
            assertEquals(naiveFinal.size(), last.candidateCount(), "final candidate count");
            for (var shown : last.top()) {
                assertEquals(naiveFinal.get(shown.id()), shown.probability(), TOLERANCE, "final probability of " + shown.id());
            }
        }
        // Rounding only matters at the very edge: nearly every draw agrees exactly.
        assertTrue(exact >= draws - 8, exact + " of " + draws + " draws agree exactly with the naive chain");
    }
}
