package dev.loupe.ui.settings;

/**
 * Where the main window was, in screen coordinates, so the next start opens it there.
 *
 * @param x left edge
 * @param y top edge
 * @param width at least {@value #MIN_WIDTH}
 * @param height at least {@value #MIN_HEIGHT}
 * @param maximized whether it was maximized (then the other fields are its size before)
 */
public record WindowPlacement(double x, double y, double width, double height, boolean maximized) {
    public static final double MIN_WIDTH = 200;
    public static final double MIN_HEIGHT = 150;

    public WindowPlacement {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !(width >= MIN_WIDTH) || !(height >= MIN_HEIGHT)
                || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("window placement out of range: " + x + ", " + y + ", " + width + " x " + height);
        }
    }
}
