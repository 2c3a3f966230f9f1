package dev.loupe.ui.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.inference.sampling.InvalidSettingsException;
import org.junit.jupiter.api.Test;

class SettingFieldsTest {

    @Test
    void rangedFieldsAcceptTheirBoundsAndNameTheFieldOtherwise() {
        assertEquals(1, SettingFields.parseInt("Max steps", " 1 ", 1, 100));
        assertEquals(100, SettingFields.parseInt("Max steps", "100", 1, 100));
        assertEquals("Max steps must be between 1 and 100, got 101", assertThrows(InvalidSettingsException.class,
                () -> SettingFields.parseInt("Max steps", "101", 1, 100)).getMessage());
        assertEquals("Max steps must be a whole number, got 'ten'", assertThrows(InvalidSettingsException.class,
                () -> SettingFields.parseInt("Max steps", "ten", 1, 100)).getMessage());

        assertEquals(0.5, SettingFields.parseDouble("The tool timeout", "0.5", 0.001, 3600));
        assertEquals("The tool timeout must be between 0.001 and 3600, got 0", assertThrows(
                InvalidSettingsException.class, () -> SettingFields.parseDouble("The tool timeout", "0", 0.001, 3600))
                .getMessage());
        assertEquals("The tool timeout must be between 0.001 and 3600, got nan", assertThrows(
                InvalidSettingsException.class, () -> SettingFields.parseDouble("The tool timeout", "NaN", 0.001,
                        3600)).getMessage());
    }

    @Test
    void messagesBecomeSentences() {
        assertEquals("Temperature must be a number, got 'warm'.",
                SettingFields.sentence("temperature must be a number, got 'warm'"));
        assertEquals("Already a sentence.", SettingFields.sentence("Already a sentence."));
        assertEquals("", SettingFields.sentence(""));
    }
}
