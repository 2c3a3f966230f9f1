package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.testing.SharedModels;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./loupe screenshot} renders the real window with a demo conversation, on JavaFX's headless platform. */
class ScreenshotCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new LoupeCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void writesThePngOfTheChosenWorkspace() throws Exception {
        Path out = dir.resolve("chat.png");
        StringWriter err = new StringWriter();
        int exit = run(err, "screenshot", "--workspace", "chat", "--width", "1200", "--height", "760",
                "--model", SharedModels.stories260K().toString(), "--out", out.toString());
        assertEquals(0, exit, err.toString());

        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(760, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "a rendered window, not a blank image: " + colours.size() + " colours");
    }

    @Test
    void writesTheInspectWorkspaceWithTheLastDemoAnswerScored() throws Exception {
        Path out = dir.resolve("inspect.png");
        StringWriter err = new StringWriter();
        int exit = run(err, "screenshot", "--workspace", "inspect", "--model", SharedModels.stories260K().toString(), "--out", out.toString());
        assertEquals(0, exit, err.toString());
        BufferedImage image = ImageIO.read(out.toFile());
        int shaded = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                // The translucent green and red of likely and unlikely tokens over the white page.
                if (g > r + 20 && g > b + 20 || r > g + 40 && r > b + 40) {
                    shaded++;
                }
            }
        }
        assertTrue(shaded > 500, "the tokens are drawn in their colours: " + shaded + " shaded samples");
    }

    @Test
    void anUnknownWorkspaceIsRefusedWithTheChoices() {
        StringWriter err = new StringWriter();
        int exit = run(err, "screenshot", "--workspace", "settings", "--out", dir.resolve("x.png").toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("Unknown workspace 'settings'; choose one of chat, inspect, compare, documents, agents, models, runs."),
                err.toString());
    }
}
