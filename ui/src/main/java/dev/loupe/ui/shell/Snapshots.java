package dev.loupe.ui.shell;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;

/** Renders a scene or a node to a PNG file, with or without a display (JavaFX's headless platform renders too). */
public final class Snapshots {
    private Snapshots() {}

    /** Lays out and renders {@code scene} as it is now, and writes it to {@code out}. UI thread only. */
    public static void writePng(Scene scene, Path out) throws IOException {
        scene.getRoot().applyCss();
        scene.getRoot().layout();
        write(scene.snapshot(null), out);
    }

    /**
     * Renders {@code node} as it is now (a chart, say) on {@code background} (the theme's, so that its text stays
     * readable), and writes it to {@code out}. UI thread only.
     */
    public static void writePng(Node node, Color background, Path out) throws IOException {
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(background);
        write(node.snapshot(parameters, null), out);
    }

    private static void write(WritableImage image, Path out) throws IOException {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height]; // [height][width], row by row
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, width, height, argb, 0, width);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(png, "png", out.toFile())) {
            throw new IOException("no PNG writer is available in this JVM");
        }
    }
}
