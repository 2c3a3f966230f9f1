package dev.loupe.ui.inspect;

import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.chat.InspectedAnswer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Inspect workspace shows: a token sequence scored under the loaded model.
 *
 * @param answer the chat reply it is, or empty for a typed text
 * @param storedTokens the reply's tokens as stored when it was generated (empty for a typed text)
 * @param tokenIds the whole sequence, prompt included
 * @param tokenTexts the text of every token of the sequence, as shown to users
 * @param promptTokens tokens before the first inspected one; row {@code i} is at position {@code promptTokens + i}
 * @param rows one per inspected token
 * @param settings the sampler settings it was generated with (the defaults for a typed text)
 * @param seed the seed it was generated with (0 for a typed text)
 * @param modelName the model that scored it
 */
public record Inspected(Optional<InspectedAnswer> answer, List<TokenEvent> storedTokens, int[] tokenIds, List<String> tokenTexts, int promptTokens, List<TokenRow> rows,
                        SamplerSettings settings, long seed, String modelName) {
    public Inspected {
        Objects.requireNonNull(answer, "answer");
        storedTokens = List.copyOf(storedTokens);
        tokenIds = tokenIds.clone();
        tokenTexts = List.copyOf(tokenTexts);
        rows = List.copyOf(rows);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(modelName, "modelName");
        if (tokenTexts.size() != tokenIds.length || promptTokens < 1 || promptTokens + rows.size() != tokenIds.length) {
            throw new IllegalArgumentException("rows must cover the sequence after the prompt: " + promptTokens + " + " + rows.size()
                    + " != " + tokenIds.length);
        }
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    /** Mean natural log-probability per token. */
    public double meanLogProbability() {
        return rows.stream().mapToDouble(TokenRow::logProbability).average().orElse(0);
    }

    /** {@code exp(-mean log-probability)}. */
    public double perplexity() {
        return Math.exp(-meanLogProbability());
    }
}
