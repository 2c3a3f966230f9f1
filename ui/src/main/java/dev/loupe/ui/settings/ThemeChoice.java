package dev.loupe.ui.settings;

import java.util.Locale;

/** Light, dark, or whatever the operating system prefers (where JavaFX can tell). */
public enum ThemeChoice {
    SYSTEM("Follow the system"),
    LIGHT("Light"),
    DARK("Dark");

    private final String label;

    ThemeChoice(String label) {
        this.label = label;
    }

    /** How the setting stores it: "system", "light", "dark". Unknown values, from older versions, follow the system. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ThemeChoice fromId(String id) {
        String value = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        if (value.endsWith("dark")) {
            return DARK;
        }
        if (value.endsWith("light")) {
            return LIGHT;
        }
        return SYSTEM;
    }

    @Override
    public String toString() {
        return label;
    }
}
