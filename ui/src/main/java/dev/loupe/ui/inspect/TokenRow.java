package dev.loupe.ui.inspect;

import dev.loupe.inference.TopToken;
import java.util.List;

/**
 * One token of the inspected answer as the workspace shows and exports it.
 *
 * @param step its index in the answer, from 0
 * @param position its position in the whole sequence (prompt included)
 * @param id the token id
 * @param text the token as shown to users
 * @param logProbability natural log of its probability under the model's raw distribution
 * @param rank 1 for the model's most probable token; 0 when unknown (a streamed token outside its alternatives)
 * @param entropy entropy of the model's distribution at this step, in nats
 * @param top the model's most probable tokens at this step, most probable first
 */
public record TokenRow(int step, int position, int id, String text, double logProbability, int rank, double entropy, List<TopToken> top) {
    public TokenRow {
        top = List.copyOf(top);
        if (step < 0 || position < 1 || rank < 0 || entropy < 0 || !(logProbability <= 0)) {
            throw new IllegalArgumentException("need step >= 0, position >= 1, rank >= 0, entropy >= 0 and log-probability <= 0, got "
                    + step + ", " + position + ", " + rank + ", " + entropy + ", " + logProbability);
        }
    }

    public double probability() {
        return Math.exp(logProbability);
    }

    /** How surprising the token was: minus its log-probability, in nats. */
    public double surprisal() {
        return -logProbability;
    }
}
