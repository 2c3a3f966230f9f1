package dev.loupe.inference.inspect;

import dev.loupe.inference.TopToken;
import java.util.List;

/**
 * What the logit lens reads from the residual stream after one layer at one position.
 *
 * @param layer blocks applied, 0 (embedding) to the model's layer count
 * @param position position in the prompt
 * @param top the most probable next tokens, most probable first
 * @param finalTokenProbability probability of the token the last layer ranks first at this position
 * @param nextTokenProbability probability of the prompt's actual next token, NaN at the last position
 */
public record LensPrediction(int layer, int position, List<TopToken> top, float finalTokenProbability, float nextTokenProbability) {
    public LensPrediction {
        top = List.copyOf(top);
    }
}
