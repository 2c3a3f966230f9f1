package dev.loupe.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The transcript keeps the newest entry in view only while the reader is at the bottom. */
@ExtendWith(ApplicationExtension.class)
class TranscriptScrollFxTest {
    private final VBox entries = new VBox();
    private TranscriptScroll scroll;

    @Start
    void start(Stage stage) {
        scroll = new TranscriptScroll(entries);
        stage.setScene(new Scene(scroll, 300, 200));
        stage.show();
    }

    @Test
    void followsTheBottomUntilTheReaderScrollsUpAndAgainWhenAsked(FxRobot robot) {
        robot.interact(() -> addEntries(10));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(scroll.getVmax(), scroll.getVvalue(), "a growing transcript keeps its end in view");

        robot.interact(() -> scroll.setVvalue(scroll.getVmin()));
        robot.interact(() -> addEntries(5));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(scroll.getVmin(), scroll.getVvalue(), "a reader who scrolled up stays where they are");

        robot.interact(() -> {
            scroll.followBottom();
            addEntries(1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(scroll.getVmax(), scroll.getVvalue(), "followBottom() brings the end into view again");
    }

    private void addEntries(int count) {
        for (int i = 0; i < count; i++) {
            Region entry = new Region();
            entry.setMinHeight(60);
            entries.getChildren().add(entry);
        }
    }

    @Test
    void wearsTheTranscriptStyles() {
        assertTrue(scroll.getStyleClass().contains(LoupeStyles.TRANSCRIPT_SCROLL));
        assertTrue(entries.getStyleClass().contains(LoupeStyles.TRANSCRIPT));
        assertTrue(scroll.isFitToWidth());
    }
}
