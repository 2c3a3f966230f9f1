package dev.loupe.ui.inspect;

import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;

/**
 * The colour scale of the Inspect workspace, from calm (0) to alarming (1): green, amber, red, translucent so that
 * the theme's text stays readable on it in light and dark themes alike. Heatmaps use an opaque blue scale.
 */
final class Shades {
    private static final Color CALM = Color.rgb(46, 160, 67);
    private static final Color MIDDLE = Color.rgb(219, 171, 9);
    private static final Color ALARMING = Color.rgb(218, 54, 51);
    private static final double ALPHA = 0.38;
    private static final Color HEAT_LOW = Color.rgb(9, 105, 218, 0.04);
    private static final Color HEAT_HIGH = Color.rgb(9, 105, 218, 0.95);

    private Shades() {}

    /** The background of a token with {@code shade} in [0, 1]. */
    static Color token(double shade) {
        double s = Math.clamp(shade, 0, 1);
        Color solid = s < 0.5 ? CALM.interpolate(MIDDLE, s * 2) : MIDDLE.interpolate(ALARMING, (s - 0.5) * 2);
        return Color.color(solid.getRed(), solid.getGreen(), solid.getBlue(), ALPHA);
    }

    /** The legend: the token scale from left (0) to right (1). */
    static LinearGradient legend() {
        return new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE, new Stop(0, token(0)), new Stop(0.5, token(0.5)), new Stop(1, token(1)));
    }

    /** A heatmap cell for a value in [0, 1]. */
    static Color heat(double value) {
        return HEAT_LOW.interpolate(HEAT_HIGH, Math.clamp(value, 0, 1));
    }

    /** Text that stays readable on {@link #heat}: dark on pale cells, white on strong ones. */
    static Color onHeat(double value, Color themeText) {
        return value > 0.55 ? Color.WHITE : themeText;
    }

    static Color accent() {
        return Color.rgb(9, 105, 218);
    }

    static Color alarming() {
        return ALARMING;
    }

    static Color calm() {
        return CALM;
    }
}
