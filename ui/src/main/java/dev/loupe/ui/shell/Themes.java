package dev.loupe.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.loupe.ui.settings.ThemeChoice;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;

/**
 * Applies AtlantaFX's Primer theme, light or dark; {@link ThemeChoice#SYSTEM} follows the operating system's colour
 * scheme as JavaFX reports it, also when it changes while Loupe runs. UI thread only.
 */
public final class Themes {
    private Themes() {}

    /** Applies {@code choice} now and whenever it or the system's scheme changes. */
    public static void follow(ObservableValue<ThemeChoice> choice) {
        Runnable apply = () -> apply(choice.getValue());
        choice.addListener(o -> apply.run());
        Platform.getPreferences().colorSchemeProperty().addListener(o -> {
            if (choice.getValue() == ThemeChoice.SYSTEM) {
                apply.run();
            }
        });
        apply.run();
    }

    /** Whether {@code choice} means dark right now. */
    public static boolean isDark(ThemeChoice choice) {
        return switch (choice) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        };
    }

    public static void apply(ThemeChoice choice) {
        Application.setUserAgentStylesheet(isDark(choice)
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
