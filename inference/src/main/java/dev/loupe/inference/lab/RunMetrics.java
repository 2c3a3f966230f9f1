package dev.loupe.inference.lab;

import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TokenEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a comparison reports per run. Diversity counts token ids, not words: distinct-n is the number of
 * different n-grams of generated token ids over the number of n-grams (0 when there are none).
 *
 * @param ttftMillis from the start of the prompt's prefill (shared or not) to the run's first token, in ms
 * @param decodeTokensPerSecond generated tokens after the first, per second of decoding
 * @param meanLogProbability mean natural log-probability of the generated tokens under the model's raw
 *     distribution (0 when nothing was generated)
 * @param perplexity of the run's own output: {@code exp(-meanLogProbability)}
 * @param distinct1 distinct generated tokens over generated tokens
 * @param distinct2 distinct adjacent pairs over pairs
 * @param length generated tokens
 */
public record RunMetrics(double ttftMillis, double decodeTokensPerSecond, double meanLogProbability, double perplexity,
                         double distinct1, double distinct2, int length) {

    /**
     * The metrics of {@code result}.
     *
     * @param prefillMillis prefill time of the prompt not included in {@code result.ttftMillis()} (a shared prefill)
     */
    public static RunMetrics of(GenerationResult result, double prefillMillis) {
        List<TokenEvent> tokens = result.tokens();
        double sum = 0;
        for (TokenEvent t : tokens) {
            sum += t.logprob();
        }
        double mean = tokens.isEmpty() ? 0 : sum / tokens.size();
        int[] ids = result.tokenIds();
        return new RunMetrics(prefillMillis + result.ttftMillis(), result.decodeTokensPerSecond(), mean, Math.exp(-mean),
                distinct(ids, 1), distinct(ids, 2), ids.length);
    }

    /** Distinct n-grams over n-grams of {@code ids}; 0 when shorter than n. */
    static double distinct(int[] ids, int n) {
        int grams = ids.length - n + 1;
        if (grams <= 0) {
            return 0;
        }
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i < grams; i++) {
            Integer[] gram = new Integer[n];
            for (int j = 0; j < n; j++) {
                gram[j] = ids[i + j];
            }
            seen.add(List.of(gram));
        }
        return (double) seen.size() / grams;
    }
}
