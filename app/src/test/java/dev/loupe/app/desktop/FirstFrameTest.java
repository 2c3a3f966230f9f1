package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The first frame of a window on JavaFX's headless platform: the work waits for the window to show, and runs once. */
@ExtendWith(ApplicationExtension.class)
class FirstFrameTest {
    @Test
    void theWorkRunsOnceOnTheUiThreadAfterTheWindowShows() throws Exception {
        List<Boolean> runs = new CopyOnWriteArrayList<>();
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new Label("first frame"), 200, 100));
            FirstFrame.then(s, () -> runs.add(Platform.isFxApplicationThread()));
            return s;
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        assertTrue(runs.isEmpty(), "nothing runs while the window is hidden");

        WaitForAsyncUtils.asyncFx(stage::show).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !runs.isEmpty());
        WaitForAsyncUtils.asyncFx(() -> stage.setWidth(300)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(true), runs, "once, on the UI thread, though later pulses lay the window out again");
        WaitForAsyncUtils.asyncFx(stage::hide).get(10, TimeUnit.SECONDS);
    }
}
