package dev.loupe.app.storage.settings;

/**
 * Where the main window was, in screen coordinates (JavaFX pixels), so the next start opens it there.
 *
 * @param x left edge
 * @param y top edge
 * @param width at least 200
 * @param height at least 150
 * @param maximized whether it was maximized (then the other fields are its size before maximizing)
 */
public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {
    public static final WindowGeometry DEFAULT = new WindowGeometry(80, 60, 1280, 820, false);

    public WindowGeometry {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("window position must be finite, got " + x + ", " + y);
        }
        if (!(width >= 200) || !(height >= 150) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("window size must be at least 200 x 150, got " + width + " x " + height);
        }
    }
}
