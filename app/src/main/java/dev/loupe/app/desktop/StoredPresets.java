package dev.loupe.app.desktop;

import dev.loupe.app.storage.preset.Preset;
import dev.loupe.app.storage.preset.PresetStore;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.chat.PresetRepository;
import dev.loupe.ui.chat.SamplerPreset;
import java.util.List;
import java.util.Objects;

/** The chat panel's presets over the H2 {@link PresetStore}. */
public final class StoredPresets implements PresetRepository {
    private final PresetStore presets;

    public StoredPresets(PresetStore presets) {
        this.presets = Objects.requireNonNull(presets, "presets");
    }

    @Override
    public List<SamplerPreset> list() {
        return presets.list().stream().map(StoredPresets::preset).toList();
    }

    @Override
    public SamplerPreset save(String name, String description, SamplerSettings settings) {
        return preset(presets.save(name, description, settings));
    }

    private static SamplerPreset preset(Preset preset) {
        return new SamplerPreset(preset.name(), preset.description(), preset.settings(), preset.builtin());
    }
}
