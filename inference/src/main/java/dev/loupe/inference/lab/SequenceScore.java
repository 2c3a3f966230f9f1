package dev.loupe.inference.lab;

import java.util.List;

/**
 * A text scored token by token under the model.
 *
 * @param tokenIds every token of the text, BOS included
 * @param tokens the scored tokens, in order (all but the first few when scoring started later)
 * @param totalLogProbability sum of the scored tokens' natural log-probabilities
 * @param perplexity {@code exp(-totalLogProbability / tokens.size())}
 */
public record SequenceScore(int[] tokenIds, List<TokenScore> tokens, double totalLogProbability, double perplexity) {
    public SequenceScore {
        tokenIds = tokenIds.clone();
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a score covers at least one token");
        }
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    /** Mean natural log-probability per scored token. */
    public double meanLogProbability() {
        return totalLogProbability / tokens.size();
    }

    /** Scores {@code tokens}: their sum and perplexity. */
    public static SequenceScore of(int[] tokenIds, List<TokenScore> tokens) {
        double total = 0;
        for (TokenScore t : tokens) {
            total += t.logProbability();
        }
        return new SequenceScore(tokenIds, tokens, total, Math.exp(-total / tokens.size()));
    }
}
