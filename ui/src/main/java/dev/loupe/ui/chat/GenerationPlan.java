package dev.loupe.ui.chat;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The side panel's settings, read once on the UI thread when a generation starts, so that edits made while it
 * runs apply to the next one.
 *
 * @param settings every sampler setting
 * @param seed the seed of this generation: the fixed one, or a fresh random one
 * @param maxNewTokens at most this many tokens
 * @param stopStrings generation ends at any of them
 * @param systemPrompt the system prompt, empty for none
 * @param presetName the preset the settings are, when they were not edited after choosing it
 */
public record GenerationPlan(SamplerSettings settings, long seed, int maxNewTokens, List<String> stopStrings,
                             String systemPrompt, Optional<String> presetName) {
    public GenerationPlan {
        Objects.requireNonNull(settings, "settings");
        stopStrings = List.copyOf(stopStrings);
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(presetName, "presetName");
    }
}
