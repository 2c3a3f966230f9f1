package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.engine.StatusBarView;
import dev.loupe.ui.settings.ApiServerViewModel.Status;
import dev.loupe.ui.settings.SettingsWindow;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings window in the real app: Ctrl+, opens it, the switch serves stories260K, the status bar shows the
 * URL, closing the app stops the server and the next launch starts it again.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsWindowTest {
    @TempDir
    Path home;
    private TestWindow app;

    @Start
    void start(Stage stage) {
        app = TestWindow.open(stage, TestWindow.Setup.in(home).model(SharedModels.stories260K()));
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int status(String base) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Selects the field's text and types over it, as a user would. */
    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn("#" + id).push(KeyCode.CONTROL, KeyCode.A).write(text);
        assertEquals(text, robot.lookup("#" + id).queryAs(TextField.class).getText());
    }

    @Test
    void ctrlCommaOpensTheSwitchTheStatusBarShowsTheUrlAndTheNextLaunchServesAgain(FxRobot robot) throws Exception {
        waitUntil(() -> app.engine().current().isPresent());
        robot.press(KeyCode.CONTROL).type(KeyCode.COMMA).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#" + SettingsWindow.ENABLED).tryQuery().isPresent());

        type(robot, SettingsWindow.HOST, "0.0.0.0");
        robot.clickOn("#" + SettingsWindow.ENABLED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Listening on 0.0.0.0 lets other machines use the model; set an API key, or use 127.0.0.1.",
                robot.lookup("#" + SettingsWindow.VALIDATION).queryAs(Label.class).getText());
        assertEquals(Status.OFF, app.main().apiServer().statusProperty().get());

        type(robot, SettingsWindow.HOST, "127.0.0.1");
        type(robot, SettingsWindow.PORT, "0");
        robot.clickOn("#" + SettingsWindow.ENABLED);
        waitUntil(() -> app.main().apiServer().statusProperty().get() == Status.RUNNING);
        String base = robot.lookup("#" + SettingsWindow.URL).queryAs(TextField.class).getText();
        assertTrue(base.matches("http://127\\.0\\.0\\.1:\\d+/v1"), base);
        assertEquals("", robot.lookup("#" + SettingsWindow.VALIDATION).queryAs(Label.class).getText());
        Hyperlink line = robot.lookup("#" + StatusBarView.API_ID).queryAs(Hyperlink.class);
        assertEquals("API on " + base.substring(0, base.length() - 3), line.getText());
        assertTrue(line.isVisible());
        assertEquals(200, status(base));

        app.close();
        assertThrows(ConnectException.class, () -> status(base), "closing the app stops the server");

        app = app.restart();
        waitUntil(() -> app.main().apiServer().statusProperty().get() == Status.RUNNING);
        String again = app.main().apiServer().urlProperty().get();
        assertEquals(200, status(again));
        assertTrue(robot.lookup("#" + StatusBarView.API_ID).queryAs(Hyperlink.class).getText().startsWith("API on http://127.0.0.1:"));
    }
}
