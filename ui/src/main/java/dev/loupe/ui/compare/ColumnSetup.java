package dev.loupe.ui.compare;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Objects;

/**
 * What one column runs: enough to run it again.
 *
 * @param model the model
 * @param presetName the preset its settings started from (the fields may have changed some of them)
 * @param settings every sampler setting
 * @param seed the seed of the draw
 */
public record ColumnSetup(ModelChoice model, String presetName, SamplerSettings settings, long seed) {
    public ColumnSetup {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(presetName, "presetName");
        Objects.requireNonNull(settings, "settings");
    }
}
