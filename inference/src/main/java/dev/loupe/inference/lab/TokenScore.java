package dev.loupe.inference.lab;

import dev.loupe.inference.TopToken;
import java.util.List;

/**
 * One token of a scored text under the model (teacher forcing: every earlier token is the text's own).
 *
 * @param position the token's position in the text, from 0 (BOS included)
 * @param id the token id
 * @param text the token as shown to users
 * @param logProbability natural log of its probability given every earlier token
 * @param rank 1 for the model's most probable token there; 1 plus the number of tokens with a strictly higher logit
 * @param entropy entropy of the model's distribution at this position, in nats
 * @param top the model's most probable tokens at this position, most probable first (ties: lower id); as many as
 *     the scoring asked for, possibly none
 */
public record TokenScore(int position, int id, String text, double logProbability, int rank, double entropy, List<TopToken> top) {
    public TokenScore {
        top = List.copyOf(top);
        if (position < 1 || rank < 1 || logProbability > 0 || entropy < 0) {
            throw new IllegalArgumentException("need position >= 1, rank >= 1, log-probability <= 0 and entropy >= 0, got "
                    + position + ", " + rank + ", " + logProbability + ", " + entropy);
        }
    }

    public double probability() {
        return Math.exp(logProbability);
    }
}
