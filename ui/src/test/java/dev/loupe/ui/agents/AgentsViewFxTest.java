package dev.loupe.ui.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.agents.run.StepConstraints;
import dev.loupe.ui.about.AboutViewModel;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.compare.CompareViewModel;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.inspect.InspectViewModel;
import dev.loupe.ui.models.ModelsViewModel;
import dev.loupe.ui.runs.RunsViewModel;
import dev.loupe.ui.settings.ApiServerViewModel;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.MainViewModel;
import dev.loupe.ui.shell.Themes;
import dev.loupe.ui.shell.Workspace;
import dev.loupe.ui.task.FxTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.MemoryTraces;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import dev.loupe.ui.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
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
 * The approval card and the keys of the agents workspace on JavaFX's headless platform, driven as a user would:
 * real lanes, the real runner and tools, a scripted model and in-memory stores.
 */
@ExtendWith(ApplicationExtension.class)
class AgentsViewFxTest {
    @TempDir
    static Path dir;
    private final ScriptedGenerator generator = new ScriptedGenerator("stories-test");
    private final FxTaskRunner runner = new FxTaskRunner();
    private MainViewModel main;

    @Start
    void start(Stage stage) throws Exception {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        MemoryStores.Settings settings = new MemoryStores.Settings();
        EngineViewModel engine = new EngineViewModel(runner, d -> generator);
        MemoryStores.Runs runs = new MemoryStores.Runs();
        ChatViewModel chat = new ChatViewModel(runner, engine, new MemoryConversations(), runs, new MemoryStores.Presets(),
                new MemoryStores.Prompts(), settings, dialogs, Clock.systemUTC(), MemoryStores.NO_DOCUMENTS,
                new MemoryStores.AskRecords());
        main = new MainViewModel(runner, settings, engine, chat, new ModelsViewModel(runner, MemoryStores.NO_MODELS, engine,
                dialogs, Clock.systemUTC()), new RunsViewModel(runner, runs, dialogs, Clock.systemUTC()),
                new DocumentsViewModel(runner, () -> {
                    throw new IllegalStateException("this test opens no documents library");
                }, dialogs), new CompareViewModel(runner, engine, d -> generator, MemoryStores.NO_MODELS, new MemoryStores.Presets(),
                new MemoryStores.Comparisons(), new MemoryConversations(), runs, Clock.systemUTC()),
                new AgentsViewModel(runner, engine, new TestTools(), new MemoryTraces(),
                model -> StepConstraints.NONE, settings, dialogs, TestTools.CLOCK, System::nanoTime),
                new ApiServerViewModel(runner, engine, MemoryStores.NO_API_SERVER, settings),
                new InspectViewModel(runner, engine, new MemoryConversations(), runs, settings, dialogs, Clock.systemUTC()),
                new AboutViewModel(runner, () -> {
                    throw new IllegalStateException("this test opens no About dialog");
                }));
        main.start(Workspace.AGENTS, ThemeChoice.LIGHT);
        engine.load(generator.info().dir());
        Themes.apply(ThemeChoice.LIGHT);
        MainView view = new MainView(main, dialogs);
        Scene scene = new Scene(view, 1280, 800);
        view.install(scene);
        stage.setScene(scene);
        stage.show();
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("todo.md"), "Buy milk.");
        Files.writeString(notes.resolve("done.md"), "Fixed the bike.");
        main.agents().setup().addGrant(notes);
    }

    @AfterEach
    void stop() {
        runner.shutdown(1_000);
    }

    private AgentsViewModel agents() {
        return main.agents();
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Starts a task whose first step asks to read notes/todo.md, and waits for the approval card. */
    private void runUntilApproval(FxRobot robot) throws Exception {
        waitUntil(() -> main.engine().current().isPresent());
        generator.replies("{\"thought\": \"I read the list.\", \"action\": \"read_file\", \"arguments\": {\"path\": \"notes/todo.md\"}}",
                "{\"thought\": \"Done.\", \"answer\": \"All read.\"}");
        robot.clickOn("#tool-read_file");
        robot.clickOn("#" + AgentsView.TASK).write("What is on my list?");
        robot.clickOn("#" + AgentsView.RUN);
        waitUntil(() -> robot.lookup("#" + ApprovalCardView.APPROVE).tryQuery().isPresent());
    }

    private void waitForEnd() throws Exception {
        waitUntil(() -> agents().stateProperty().get() == EngineState.IDLE && !agents().history().isEmpty());
    }

    private static List<String> observations(FxRobot robot) {
        return robot.lookup(".agent-observation").queryAll().stream()
                .map(card -> ((Label) ((VBox) card).getChildren().get(1)).getText()).toList();
    }

    @Test
    void editedArgumentsAreCheckedInTheCardAndRunWhenValid(FxRobot robot) throws Exception {
        runUntilApproval(robot);
        robot.clickOn("#" + ApprovalCardView.EDIT);
        TextArea arguments = robot.lookup("#" + ApprovalCardView.ARGUMENTS).queryAs(TextArea.class);
        assertTrue(arguments.isEditable());
        robot.interact(arguments::clear);
        robot.clickOn(arguments).write("{\"path\": 5}");
        Label validation = robot.lookup("#" + ApprovalCardView.VALIDATION).queryAs(Label.class);
        assertEquals("The arguments do not fit read_file: $.path must be a string, not a number.", validation.getText());
        robot.clickOn("#" + ApprovalCardView.APPROVE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#" + ApprovalCardView.APPROVE).tryQuery().isPresent(), "invalid arguments do not run");

        robot.interact(arguments::clear);
        robot.clickOn(arguments).write("{\"path\": \"notes/done.md\"}");
        assertFalse(validation.isVisible());
        robot.clickOn("#" + ApprovalCardView.APPROVE);
        waitForEnd();
        assertEquals(List.of("Fixed the bike."), observations(robot));
    }

    @Test
    void aRejectionReasonTypedInTheCardIsTheObservation(FxRobot robot) throws Exception {
        runUntilApproval(robot);
        robot.clickOn("#" + ApprovalCardView.REASON).write("That list is private.");
        robot.clickOn("#" + ApprovalCardView.REJECT);
        waitForEnd();
        assertEquals(List.of("The user rejected this action: That list is private."), observations(robot));
        assertTrue(robot.lookup(".agent-answer").tryQuery().isPresent());
    }

    @Test
    void escapeCancelsARunWaitingForApproval(FxRobot robot) throws Exception {
        runUntilApproval(robot);
        robot.type(KeyCode.ESCAPE);
        waitForEnd();
        assertTrue(robot.lookup("#" + ApprovalCardView.APPROVE).tryQuery().isEmpty());
        assertTrue(robot.lookup("#" + AgentsView.STATUS).queryAs(Label.class).getText().startsWith("Cancelled · 1 step"),
                robot.lookup("#" + AgentsView.STATUS).queryAs(Label.class).getText());
        assertEquals(1, generator.requests().size(), "no step after the cancel");
    }
}
