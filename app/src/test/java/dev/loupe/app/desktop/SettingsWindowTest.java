package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.jlama.JlamaQuantizer;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.dialog.FxDialogService;
import dev.loupe.ui.engine.StatusBarView;
import dev.loupe.ui.settings.ApiServerViewModel.Status;
import dev.loupe.ui.settings.SettingsWindow;
import dev.loupe.ui.shell.MainWindow;
import dev.loupe.ui.task.FxTaskRunner;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
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
    private Stage stage;
    private Storage storage;
    private FxTaskRunner runner;
    private Desktop desktop;
    private LazyDocumentLibrary documents;

    @Start
    void start(Stage primary) {
        this.stage = primary;
        open();
    }

    private void open() {
        AppPaths paths = new AppPaths(home, Optional.empty());
        storage = Storage.open(paths);
        runner = new FxTaskRunner();
        FxDialogService dialogs = new FxDialogService(() -> stage);
        documents = new LazyDocumentLibrary(paths.indexes());
        desktop = Desktop.wire(storage, home.resolve("models"), runner, JlamaTextGenerator::load,
                JlamaQuantizer::quantizeQ4, documents, dialogs, Clock.systemUTC());
        Desktop.Startup startup = Desktop.Startup.read(desktop.settings());
        desktop.start(startup);
        MainWindow.show(stage, desktop.view(dialogs), desktop.main(), startup.placement(), () -> {});
        desktop.engine().load(SharedModels.stories260K());
    }

    private void close(FxRobot robot) {
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
            stage.hide();
            desktop.engine().close();
        });
        runner.shutdown(10_000);
        documents.close();
        storage.close();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        if (stage.isShowing()) {
            close(robot);
        }
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
        waitUntil(() -> desktop.engine().current().isPresent());
        robot.press(KeyCode.CONTROL).type(KeyCode.COMMA).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#" + SettingsWindow.ENABLED).tryQuery().isPresent());

        type(robot, SettingsWindow.HOST, "0.0.0.0");
        robot.clickOn("#" + SettingsWindow.ENABLED);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Listening on 0.0.0.0 lets other machines use the model; set an API key, or use 127.0.0.1.",
                robot.lookup("#" + SettingsWindow.VALIDATION).queryAs(Label.class).getText());
        assertEquals(Status.OFF, desktop.main().apiServer().statusProperty().get());

        type(robot, SettingsWindow.HOST, "127.0.0.1");
        type(robot, SettingsWindow.PORT, "0");
        robot.clickOn("#" + SettingsWindow.ENABLED);
        waitUntil(() -> desktop.main().apiServer().statusProperty().get() == Status.RUNNING);
        String base = robot.lookup("#" + SettingsWindow.URL).queryAs(TextField.class).getText();
        assertTrue(base.matches("http://127\\.0\\.0\\.1:\\d+/v1"), base);
        assertEquals("", robot.lookup("#" + SettingsWindow.VALIDATION).queryAs(Label.class).getText());
        Hyperlink line = robot.lookup("#" + StatusBarView.API_ID).queryAs(Hyperlink.class);
        assertEquals("API on " + base.substring(0, base.length() - 3), line.getText());
        assertTrue(line.isVisible());
        assertEquals(200, status(base));

        close(robot);
        assertThrows(ConnectException.class, () -> status(base), "closing the app stops the server");

        robot.interact(this::open);
        waitUntil(() -> desktop.main().apiServer().statusProperty().get() == Status.RUNNING);
        String again = desktop.main().apiServer().urlProperty().get();
        assertEquals(200, status(again));
        assertTrue(robot.lookup("#" + StatusBarView.API_ID).queryAs(Hyperlink.class).getText().startsWith("API on http://127.0.0.1:"));
    }
}
