package dev.loupe.ui.chat;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * How a reply was generated: enough to generate it again.
 *
 * @param modelId the model's name
 * @param settings every sampler setting
 * @param seed the seed of the draw
 * @param presetName the preset the settings came from, when they were not edited after choosing it
 */
public record ReplySetup(String modelId, SamplerSettings settings, long seed, Optional<String> presetName) {
    public ReplySetup {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(presetName, "presetName");
    }
}
