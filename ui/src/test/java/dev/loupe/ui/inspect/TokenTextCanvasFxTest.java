package dev.loupe.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.TopToken;
import dev.loupe.ui.shell.Snapshots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Thousands of tokens cost one screenful: one canvas, and only the visible lines drawn. */
@ExtendWith(ApplicationExtension.class)
class TokenTextCanvasFxTest {
    private static final int TOKENS = 5000;
    private TokenTextCanvas canvas;

    @Start
    void start(Stage stage) {
        canvas = new TokenTextCanvas();
        stage.setScene(new Scene(new StackPane(canvas), 800, 400));
        stage.show();
    }

    private static List<TokenRow> rows(int count) {
        List<TokenRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double logProbability = -((i * 37) % 11) / 3.0;
            String text = i % 97 == 96 ? ".\n" : (i % 3 == 0 ? " the" : " dog");
            rows.add(new TokenRow(i, 10 + i, i % 500, text, logProbability, 1 + i % 5, 1.5, List.of(new TopToken(1, " a", 0.4f))));
        }
        return rows;
    }

    @Test
    void aChartExportsAsAPngOfItsSize(FxRobot robot, @TempDir Path dir) throws Exception {
        robot.interact(() -> canvas.show(rows(200)));
        WaitForAsyncUtils.waitForFxEvents();
        Path png = dir.resolve("tokens.png");
        robot.interact(() -> {
            try {
                Snapshots.writePng(canvas, Color.WHITE, png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals((int) Math.ceil(canvas.getWidth()), image.getWidth());
        assertEquals((int) Math.ceil(canvas.getHeight()), image.getHeight());
    }

    @Test
    void fiveThousandTokensDrawOnlyTheVisibleLines(FxRobot robot) {
        robot.interact(() -> canvas.show(rows(TOKENS)));
        WaitForAsyncUtils.waitForFxEvents();
        TokenLayout layout = canvas.tokenLayout();
        assertEquals(TOKENS, layout.tokenCount());
        int visible = canvas.visibleLines();
        int mostPerLine = 0;
        for (int line = 0; line < layout.lineCount(); line++) {
            mostPerLine = Math.max(mostPerLine, layout.endOf(line) - layout.firstOf(line));
        }
        assertTrue(layout.lineCount() > visible * 5, "the answer is many screens long: " + layout.lineCount() + " lines");
        int drawn = canvas.drawnTokens();
        assertTrue(drawn > 0, "the first screen is drawn");
        assertTrue(drawn <= visible * mostPerLine, drawn + " tokens drawn for " + visible + " visible lines of at most " + mostPerLine);
        assertTrue(drawn < TOKENS / 10, "drawn " + drawn);
        assertEquals(2, canvas.getChildrenUnmodifiable().size(), "one canvas and its scroll bar, no node per token");

        robot.interact(() -> canvas.select(TOKENS - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(canvas.drawnTokens() <= visible * mostPerLine, "scrolled to the end, still one screenful: " + canvas.drawnTokens());
    }
}
