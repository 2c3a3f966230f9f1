package dev.loupe.ui.format;

import dev.loupe.inference.sampling.InvalidSettingsException;
import java.util.Locale;

/**
 * Reads the text of a setting field the way every form in the app does (chat sampler, Compare columns, agent
 * limits): blank space around the text is ignored, and a wrong value is an {@link InvalidSettingsException} naming
 * the field.
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

    /** @throws InvalidSettingsException when the text is not a whole number from {@code min} to {@code max} */
    public static int parseInt(String name, String text, int min, int max) {
        int value = parseInt(name, text);
        if (value < min || value > max) {
            throw new InvalidSettingsException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** @throws InvalidSettingsException when the text is not a number from {@code min} to {@code max} */
    public static double parseDouble(String name, String text, double min, double max) {
        double value = parseDouble(name, text);
        if (!(value >= min && value <= max)) { // NaN too
            throw new InvalidSettingsException(name + " must be between " + Figures.setting(min) + " and "
                    + Figures.setting(max) + ", got " + stripped(text).toLowerCase(Locale.ROOT));
        }
        return value;
    }

    /**
     * An exception's message as the app shows it: the first letter capitalised and a full stop at the end (the
     * settings code writes "temperature must be ..." so that a column's name can go in front).
     */
    public static String sentence(String message) {
        if (message.isEmpty()) {
            return message;
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
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
