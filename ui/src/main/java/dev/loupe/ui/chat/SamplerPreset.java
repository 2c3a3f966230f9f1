package dev.loupe.ui.chat;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Objects;

/**
 * A named set of sampler settings.
 *
 * @param name unique, ignoring case
 * @param description one line on what it is for
 * @param settings what it applies
 * @param builtin shipped with Loupe and read-only
 */
public record SamplerPreset(String name, String description, SamplerSettings settings, boolean builtin) {
    public SamplerPreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String toString() {
        return name;
    }
}
