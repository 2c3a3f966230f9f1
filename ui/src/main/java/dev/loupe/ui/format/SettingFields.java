package dev.loupe.ui.format;

import dev.loupe.inference.sampling.InvalidSettingsException;

/**
 * Reads the text of a setting field the way every form in the app does (chat sampler, Compare columns): blank
 * space around the text is ignored, and a wrong value is an {@link InvalidSettingsException} naming the field.
 */
public final class SettingFields {
    private SettingFields() {}

    /** @throws InvalidSettingsException "NAME must be a number, got 'TEXT'" */
    public static double parseDouble(String name, String text) {
        String value = stripped(text);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(name + " must be a number, got '" + value + "'");
        }
    }

    /** @throws InvalidSettingsException "NAME must be a whole number, got 'TEXT'" */
    public static int parseInt(String name, String text) {
        String value = stripped(text);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(name + " must be a whole number, got '" + value + "'");
        }
    }

    /** A seed: 0 or a positive whole number. */
    public static long parseSeed(String text) {
        String value = stripped(text);
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new InvalidSettingsException("the seed must be 0 or a positive whole number, got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException("the seed must be a whole number, got '" + value + "'");
        }
    }

    /** The most tokens a run may generate: a whole number, at least 1. */
    public static int parseMaxTokens(String text) {
        int max = parseInt("max tokens", text);
        if (max < 1) {
            throw new InvalidSettingsException("max tokens must be at least 1, got " + max);
        }
        return max;
    }

    private static String stripped(String text) {
        return text == null ? "" : text.strip();
    }
}
