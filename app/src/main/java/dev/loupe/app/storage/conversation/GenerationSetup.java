package dev.loupe.app.storage.conversation;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * How an assistant message was generated: enough to reproduce it with the same model.
 *
 * @param modelId the model's id as the model library names it
 * @param settings every sampler setting used
 * @param seed the seed of the sampler's random draws
 * @param presetName the preset the settings came from, if they were not edited after choosing it
 */
public record GenerationSetup(String modelId, SamplerSettings settings, long seed, Optional<String> presetName) {
    public GenerationSetup {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(presetName, "presetName");
        if (presetName.isPresent() && presetName.get().isBlank()) {
            throw new IllegalArgumentException("presetName must be empty or not blank");
        }
    }
}
