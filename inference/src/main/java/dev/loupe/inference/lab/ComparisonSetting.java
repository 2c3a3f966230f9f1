package dev.loupe.inference.lab;

import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.List;

/**
 * One arm of a comparison: how to continue the shared prompt.
 *
 * @param name shown with the results, not blank
 * @param sampler sampler settings (used by {@link DecodingStrategy.Sampling})
 * @param strategy how tokens are chosen
 * @param seed seed of the draw
 * @param maxNewTokens upper bound of generated tokens, at least 1
 * @param stopStrings generation ends when one appears (not with beam search)
 */
public record ComparisonSetting(String name, SamplerSettings sampler, DecodingStrategy strategy, long seed, int maxNewTokens,
                                List<String> stopStrings) {
    /** Alternatives each generated token carries, as in the UI's default. */
    public static final int TOP_ALTERNATIVES = 5;

    public ComparisonSetting {
        if (name == null || name.isBlank()) {
            throw new InvalidSettingsException("every compared setting needs a name");
        }
        if (sampler == null || strategy == null) {
            throw new InvalidSettingsException("setting " + name + " needs sampler settings and a strategy");
        }
        stopStrings = List.copyOf(stopStrings == null ? List.of() : stopStrings);
        // Validates the rest with GenerationRequest's own messages (fields are not assigned yet: use the parameters).
        new GenerationRequest(Prompt.text(""), sampler, seed, maxNewTokens, stopStrings, 0);
    }

    /** The generation request of this setting for {@code prompt}. */
    public GenerationRequest request(Prompt prompt, int topAlternatives) {
        return new GenerationRequest(prompt, sampler, seed, maxNewTokens, stopStrings, topAlternatives);
    }
}
