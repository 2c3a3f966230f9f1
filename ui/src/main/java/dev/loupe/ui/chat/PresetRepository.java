package dev.loupe.ui.chat;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.List;

/** Sampler presets: the built-in ones and the user's. Blocks on disk I/O; call on the storage lane. */
public interface PresetRepository {

    /** The built-ins in shipped order, then the user's by name. */
    List<SamplerPreset> list();

    /**
     * Creates or replaces a user preset.
     *
     * @throws dev.loupe.inference.LoupeException when a built-in preset has that name
     */
    SamplerPreset save(String name, String description, SamplerSettings settings);
}
