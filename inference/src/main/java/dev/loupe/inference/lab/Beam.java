package dev.loupe.inference.lab;

import dev.loupe.inference.FinishReason;
import dev.loupe.inference.TokenEvent;
import java.util.List;

/**
 * One hypothesis of a beam search.
 *
 * @param tokenIds the generated token ids, end-of-sequence included when it ended so
 * @param text the generated text (special tokens excluded)
 * @param tokens each generated token with the model's probabilities at its step, as plain generation reports them
 * @param logProbability sum of the natural log-probabilities of its tokens under the model
 * @param score {@code logProbability / tokenIds.length^lengthPenalty}, what beams are ranked by
 * @param finishReason EOS, MAX_TOKENS, CONTEXT_FULL or CANCELLED
 */
public record Beam(int[] tokenIds, String text, List<TokenEvent> tokens, double logProbability, double score, FinishReason finishReason) {
    public Beam {
        tokenIds = tokenIds.clone();
        tokens = List.copyOf(tokens);
        if (tokenIds.length != tokens.size()) {
            throw new IllegalArgumentException("a beam has one event per token, got " + tokenIds.length + " ids and " + tokens.size() + " events");
        }
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }
}
