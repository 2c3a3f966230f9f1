package dev.loupe.inference;

import java.util.List;

/**
 * One generated token as the decode loop saw it. Probabilities are under the model's raw distribution (before
 * penalties, temperature and filters), so they describe the model, not the sampler.
 *
 * @param index position among the generated tokens, from 0
 * @param id the token id
 * @param text the decoded text this token completes; empty while a multi-byte character is still incomplete
 * @param prob probability of the token
 * @param logprob natural log of {@code prob}, computed from the logits (finite even where prob underflows)
 * @param entropy entropy of the raw distribution at this step, in nats
 * @param top the most probable alternatives at this step, most probable first
 */
public record TokenEvent(int index, int id, String text, float prob, float logprob, float entropy, List<TopToken> top) {
    public TokenEvent {
        top = List.copyOf(top);
    }
}
