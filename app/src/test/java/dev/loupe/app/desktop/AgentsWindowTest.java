package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.agents.run.StopReason;
import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.app.storage.trace.Trace;
import dev.loupe.inference.jlama.JlamaQuantizer;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.agents.AgentsView;
import dev.loupe.ui.agents.AgentsViewModel;
import dev.loupe.ui.dialog.FxDialogService;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.MainWindow;
import dev.loupe.ui.shell.Workspace;
import dev.loupe.ui.task.FxTaskRunner;
import dev.loupe.ui.testing.ScriptedGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
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
 * The agents workspace in the real window on JavaFX's headless platform, with the real H2 file: a scripted model
 * that needs an approval, and the real stories260K model.
 */
@ExtendWith(ApplicationExtension.class)
class AgentsWindowTest {
    private static final Path SCRIPTED = Path.of("/models/scripted-agent");

    @TempDir
    Path home;
    private Stage stage;
    private Storage storage;
    private FxTaskRunner runner;
    private Desktop desktop;
    private LazyDocumentLibrary documents;
    private final ScriptedGenerator scripted = new ScriptedGenerator("scripted-agent");

    @Start
    void start(Stage primary) {
        this.stage = primary;
        open();
    }

    /** Opens the app on {@code home} as the launcher does, with no model loaded. */
    private void open() {
        storage = Storage.open(new AppPaths(home, Optional.empty()));
        runner = new FxTaskRunner();
        FxDialogService dialogs = new FxDialogService(() -> stage);
        documents = new LazyDocumentLibrary(new AppPaths(home, Optional.empty()).indexes());
        desktop = Desktop.wire(storage, home.resolve("models"), runner,
                dir -> dir.equals(SCRIPTED) ? scripted : JlamaTextGenerator.load(dir), JlamaQuantizer::quantizeQ4,
                documents, dialogs, Clock.systemUTC());
        Desktop.Startup startup = Desktop.Startup.read(desktop.settings());
        desktop.start(startup);
        MainWindow.show(stage, desktop.view(dialogs), desktop.main(), startup.placement(), () -> {});
    }

    private void close(FxRobot robot) {
        robot.interact(() -> {
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
            robot.interact(() -> agents().cancel());
            close(robot);
        }
    }

    private AgentsViewModel agents() {
        return desktop.main().agents();
    }

    private void waitUntil(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void load(FxRobot robot, Path model) throws Exception {
        robot.interact(() -> desktop.engine().load(model));
        waitUntil(60, () -> desktop.engine().current().isPresent());
    }

    /** The texts of the cards of one kind ("agent-observation", ...) on screen, in order. */
    private static List<String> cards(FxRobot robot, String kind) {
        return robot.lookup("." + kind).queryAll().stream()
                .map(card -> ((Label) ((VBox) card).getChildren().get(1)).getText()).toList();
    }

    @Test
    void anApprovalInTheTimelineRunsTheToolAndTheTraceReopensFromTheDatabase(FxRobot robot) throws Exception {
        Path notes = Files.createDirectories(home.resolve("notes"));
        Files.writeString(notes.resolve("todo.md"), "Buy milk.");
        scripted.replies("{\"thought\": \"I read the list.\", \"action\": \"read_file\", \"arguments\": {\"path\": \"notes/todo.md\"}}",
                "{\"thought\": \"Done.\", \"answer\": \"You must buy milk.\"}");
        load(robot, SCRIPTED);
        robot.clickOn("#" + MainView.navId(Workspace.AGENTS));
        assertEquals("scripted-agent (the loaded model)", robot.lookup("#agent-model").queryAs(Label.class).getText());
        robot.clickOn("#tool-read_file");
        robot.interact(() -> agents().setup().addGrant(notes));
        robot.clickOn("#" + AgentsView.TASK).write("What is on my list?");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);

        waitUntil(20, () -> robot.lookup("#approve").tryQuery().isPresent());
        assertEquals(List.of("I read the list."), cards(robot, "agent-thought"));
        assertTrue(robot.lookup("#approval-arguments").queryAs(TextArea.class).getText().contains("notes/todo.md"));
        robot.clickOn("#approve");
        waitUntil(20, () -> agents().stateProperty().get() == EngineState.IDLE && agents().timeline().size() == 5);

        assertTrue(robot.lookup("#approve").tryQuery().isEmpty(), "the approval card is gone");
        assertEquals(List.of("Buy milk."), cards(robot, "agent-observation"));
        assertEquals(List.of("You must buy milk."), cards(robot, "agent-answer"));
        assertTrue(robot.lookup("#" + AgentsView.STATUS).queryAs(Label.class).getText().startsWith("Answered · 2 steps"));

        close(robot);
        robot.interact(this::open);
        robot.clickOn("#" + MainView.navId(Workspace.AGENTS));
        waitUntil(20, () -> agents().history().size() == 1);
        robot.clickOn("What is on my list?");
        waitUntil(20, () -> agents().viewingProperty().get() != null);

        assertEquals(List.of("Buy milk."), cards(robot, "agent-observation"));
        assertEquals(List.of("You must buy milk."), cards(robot, "agent-answer"));
        robot.clickOn("Step 1 details: prompt, raw output, parsed action");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = robot.lookup(".loupe-agent-details .text-area").queryAllAs(TextArea.class).stream()
                .filter(Node::isVisible).map(TextArea::getText).toList();
        assertTrue(shown.stream().anyMatch(t -> t.startsWith("[system]") && t.contains("[user]\nWhat is on my list?")),
                shown.toString());
        assertTrue(shown.stream().anyMatch(t -> t.contains("\"action\": \"read_file\"")), "the raw output is shown");
        assertTrue(robot.lookup("#" + AgentsView.REPLAY).queryAs(Button.class).isVisible());
    }

    @Test
    void stories260KRunsToTheEndAndItsTraceIsStored(FxRobot robot) throws Exception {
        Path stories = SharedModels.stories260K();
        load(robot, stories);
        robot.clickOn("#" + MainView.navId(Workspace.AGENTS));
        robot.interact(() -> {
            agents().setup().maxStepsProperty().set("2");
            agents().setup().maxStepTokensProperty().set("40");
            agents().setup().seedProperty().set("42");
        });
        robot.clickOn("#" + AgentsView.TASK).write("What is 6 * 7, and what time is it?");
        robot.clickOn("#" + AgentsView.RUN);
        waitUntil(180, () -> agents().stateProperty().get() == EngineState.IDLE && !agents().history().isEmpty());

        Trace trace = storage.traces().find(storage.traces().recent(1).getFirst().id()).orElseThrow();
        assertEquals("stories260K", trace.header().modelId());
        assertEquals(List.of("calculator", "current_time"), trace.header().tools());
        StopReason reason = trace.stopReason().orElseThrow();
        assertTrue(reason == StopReason.MAX_STEPS || reason == StopReason.CONTEXT_FULL || reason == StopReason.ANSWERED,
                reason.name());
        assertFalse(trace.steps().isEmpty(), "at least one step was generated and stored");
        assertTrue(trace.steps().getFirst().generatedTokens() > 0);
        assertEquals(agents().timeline().size(), robot.lookup(".loupe-agent-card").queryAll().size(),
                "every timeline entry is a card on screen");
        assertFalse(agents().timeline().isEmpty());
    }
}
