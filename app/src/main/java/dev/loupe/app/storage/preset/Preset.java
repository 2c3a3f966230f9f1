package dev.loupe.app.storage.preset;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Objects;

/**
 * A named set of sampler settings.
 *
 * @param name unique among presets, ignoring case; at most {@value #MAX_NAME_CHARS} characters
 * @param description one line on what it is for, empty for none
 * @param settings the settings it applies
 * @param builtin shipped with Loupe: it cannot be changed or deleted, only copied
 */
public record Preset(String name, String description, SamplerSettings settings, boolean builtin) {
    public static final int MAX_NAME_CHARS = 200;

    public Preset {
        name = checkName(name);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(settings, "settings");
    }

    /** The name as it is stored: stripped, not blank, not too long. */
    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a preset name must not be blank");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("a preset name has at most " + MAX_NAME_CHARS + " characters, got " + stripped.length());
        }
        return stripped;
    }
}
