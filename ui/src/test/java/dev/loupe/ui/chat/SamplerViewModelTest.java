package dev.loupe.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerViewModelTest {
    private final MemoryStores.Presets presets = new MemoryStores.Presets();
    private final List<String> errors = new ArrayList<>();
    private final SamplerViewModel sampler = new SamplerViewModel(new ImmediateTaskRunner(), presets, new MemoryStores.Prompts(),
            new MemoryStores.Settings(), e -> errors.add(e.message()));

    @Test
    void theFieldsReadBackAsTheSameValidatedRecordTheCliUses() {
        sampler.load("Creative");
        assertEquals(presets.presets.get(2).settings(), sampler.settings());
        sampler.logitBiasProperty().set("13=-100, 42=1.5");
        assertEquals(Map.of(13, -100f, 42, 1.5f), sampler.settings().logitBias());
    }

    @Test
    void aBadLogitBiasSaysHowToWriteIt() {
        sampler.logitBiasProperty().set("13:-100");
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, sampler::settings);
        assertEquals("logit bias is written as token=bias pairs separated by commas, got '13:-100'", e.getMessage());
    }

    @Test
    void savingAPresetChoosesItAndABuiltInNameIsRefused() {
        sampler.load("Balanced");
        sampler.temperatureProperty().set("0.5");
        sampler.saveAsPreset("Mine");
        assertEquals("Mine", sampler.presetProperty().get().name());
        assertEquals(SamplerSettings.DEFAULTS.withTemperature(0.5), presets.presets.getLast().settings());

        sampler.saveAsPreset("precise");
        assertEquals(List.of("The preset precise is built in; save yours under another name."), errors);
    }
}
