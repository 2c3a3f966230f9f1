package dev.loupe.inference.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TokenEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
    static GenerationResult result(int[] ids, float[] logprobs) {
        List<TokenEvent> events = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            events.add(new TokenEvent(i, ids[i], "t", (float) Math.exp(logprobs[i]), logprobs[i], 1f, List.of()));
        }
        return new GenerationResult("", events, FinishReason.MAX_TOKENS, 3, 0, 1, 12.5, 100, 40, 0.1, 200);
    }

    @Test
    void distinctNCountsDifferentTokenNgramsOverAllNgrams() {
        assertEquals(3 / 6.0, RunMetrics.distinct(new int[] {1, 2, 3, 1, 2, 3}, 1), 1e-12);
        assertEquals(3 / 5.0, RunMetrics.distinct(new int[] {1, 2, 3, 1, 2, 3}, 2), 1e-12);
        assertEquals(1.0, RunMetrics.distinct(new int[] {5, 6, 7}, 2), 1e-12);
        assertEquals(1 / 3.0, RunMetrics.distinct(new int[] {4, 4, 4, 4}, 2), 1e-12);
        assertEquals(0, RunMetrics.distinct(new int[] {4}, 2));
        assertEquals(0, RunMetrics.distinct(new int[0], 1));
    }

    @Test
    void perplexityOfTheOwnOutputIsTheExponentialOfTheMeanNegativeLogProbability() {
        RunMetrics m = RunMetrics.of(result(new int[] {1, 2, 2, 3}, new float[] {-1f, -2f, -0.5f, -0.5f}), 30);
        assertEquals(-1.0, m.meanLogProbability(), 1e-6);
        assertEquals(Math.E, m.perplexity(), 1e-5);
        assertEquals(0.75, m.distinct1(), 1e-12);
        assertEquals(1.0, m.distinct2(), 1e-12);
        assertEquals(4, m.length());
        assertEquals(42.5, m.ttftMillis(), 1e-9, "the shared prefill is added to the run's own time to first token");
        assertEquals(40, m.decodeTokensPerSecond(), 1e-9);
    }

    @Test
    void anEmptyRunHasNeutralMetrics() {
        RunMetrics m = RunMetrics.of(result(new int[0], new float[0]), 0);
        assertEquals(0, m.length());
        assertEquals(0, m.meanLogProbability());
        assertEquals(1, m.perplexity());
    }
}
