package dev.loupe.app.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerSettingsJsonTest {
    @Test
    void everySettingSurvivesTheRoundTripExactly() {
        var settings = new SamplerSettings(0.7300000000000001, 17, 0.9123456789, 0.0321, 0.87, 1.234, -0.5, 1.75, 0,
                Map.of(13, -100f, 7, 0.1f, 99_999, Float.intBitsToFloat(0x3eaaaaab)));

        SamplerSettings back = SamplerSettingsJson.fromJson(SamplerSettingsJson.toJson(settings));

        assertEquals(settings, back);
        assertEquals(Float.floatToIntBits(settings.logitBias().get(99_999)),
                Float.floatToIntBits(back.logitBias().get(99_999)));
    }

    @Test
    void jsonCarriesAVersionAndSortedLogitBias() {
        String json = SamplerSettingsJson.toJson(SamplerSettings.GREEDY.withLogitBias(Map.of(5, 1f, 3, -2f)));
        assertTrue(json.startsWith("{\"version\":1,\"temperature\":0.0,"), json);
        assertTrue(json.endsWith("\"logitBias\":{\"3\":-2.0,\"5\":1.0}}"), json);
    }

    @Test
    void newerFormatIsRefusedWithAnUpdateHint() {
        String json = SamplerSettingsJson.toJson(SamplerSettings.DEFAULTS).replace("\"version\":1", "\"version\":2");
        var e = assertThrows(StorageException.class, () -> SamplerSettingsJson.fromJson(json));
        assertEquals("These sampler settings were saved by a newer Loupe (format 2); update Loupe to read them.",
                e.getMessage());
    }

    @Test
    void missingFieldIsNamed() {
        String json = SamplerSettingsJson.toJson(SamplerSettings.DEFAULTS).replace("\"topK\":40,", "");
        var e = assertThrows(StorageException.class, () -> SamplerSettingsJson.fromJson(json));
        assertTrue(e.getMessage().contains("\"topK\" is missing"), e.getMessage());
    }

    @Test
    void outOfRangeValueIsReportedWithTheSettingsOwnMessage() {
        String json = SamplerSettingsJson.toJson(SamplerSettings.DEFAULTS).replace("\"topP\":0.95", "\"topP\":1.5");
        var e = assertThrows(StorageException.class, () -> SamplerSettingsJson.fromJson(json));
        assertTrue(e.getMessage().contains("top-p must be greater than 0 and at most 1"), e.getMessage());
    }

    @Test
    void invalidJsonIsAStorageException() {
        assertThrows(StorageException.class, () -> SamplerSettingsJson.fromJson("{\"version\":1,"));
    }
}
