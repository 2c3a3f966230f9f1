package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.mcp.TestMcpServer;
import dev.loupe.agents.run.SchemaValidator;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StepSchema;
import dev.loupe.agents.run.StopReason;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.app.agent.BuiltInTools;
import dev.loupe.app.storage.trace.Trace;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.agents.AgentsView;
import dev.loupe.ui.agents.AgentsViewModel;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.Workspace;
import dev.loupe.ui.testing.ScriptedGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
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
 * that needs an approval, a real MCP server, and the real stories260K model with constrained steps.
 */
@ExtendWith(ApplicationExtension.class)
class AgentsWindowTest {
    private static final Path SCRIPTED = Path.of("/models/scripted-agent");

    @TempDir
    Path home;
    private TestWindow app;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScriptedGenerator scripted = new ScriptedGenerator("scripted-agent");

    /**
     * Opens the app on {@code home} as the launcher does, with no model loaded; the user skips the first-run screen
     * that the launcher shows then (and at each restart), since the agents workspace needs no model until a run.
     */
    @Start
    void start(Stage stage) {
        app = TestWindow.open(stage, TestWindow.Setup.in(home)
                .loader(dir -> dir.equals(SCRIPTED) ? scripted : JlamaTextGenerator.load(dir)));
        app.main().firstRun().skip();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private AgentsViewModel agents() {
        return app.main().agents();
    }

    private void waitUntil(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void load(FxRobot robot, Path model) throws Exception {
        robot.interact(() -> app.engine().load(model));
        waitUntil(60, () -> app.engine().current().isPresent());
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

        app = app.restart();
        robot.interact(() -> app.main().firstRun().skip());
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

    /** The test MCP server of the agents test tree, started with this JVM's class path; quoted for the splitter. */
    private static String testServer(String... options) {
        return TestMcpServer.command(options).stream().map(part -> "\"" + part + "\"").collect(Collectors.joining(" "));
    }

    /** Whether a server runs: this test JVM starts no other Java processes (command lines this long are not readable). */
    private static boolean testServerRuns() {
        return ProcessHandle.current().children().anyMatch(p -> p.isAlive()
                && p.info().command().orElse("").endsWith("java"));
    }

    private void addServer(FxRobot robot, String name, String command) {
        robot.interact(() -> {
            agents().setup().newServerNameProperty().set(name);
            agents().setup().newServerCommandProperty().set(command);
        });
        // The rows are below the fold of the side panel: their buttons are fired rather than clicked.
        robot.interact(() -> robot.lookup("#agent-mcp-add").queryAs(Button.class).fire());
        robot.interact(() -> robot.lookup("#mcp-connect-" + name).queryAs(Button.class).fire());
    }

    @Test
    void anMcpServerListsItsToolsAndTheRunCallsOneThroughApproval(FxRobot robot) throws Exception {
        scripted.replies("{\"thought\": \"I add.\", \"action\": \"add\", \"arguments\": {\"a\": 2, \"b\": 3}}",
                "{\"thought\": \"Done.\", \"answer\": \"It is 5.\"}");
        load(robot, SCRIPTED);
        robot.clickOn("#" + MainView.navId(Workspace.AGENTS));
        addServer(robot, "numbers", testServer());
        waitUntil(60, () -> robot.lookup("#tool-add").tryQuery().isPresent());
        assertEquals("add  · asks first", robot.lookup("#tool-add").queryAs(CheckBox.class).getText());
        assertTrue(robot.lookup("#tool-reverse").tryQuery().isPresent());
        waitUntil(20, () -> !testServerRuns());
        robot.interact(() -> robot.lookup("#tool-add").queryAs(CheckBox.class).setSelected(true));

        robot.clickOn("#" + AgentsView.TASK).write("What is 2 + 3?");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        waitUntil(60, () -> robot.lookup("#approve").tryQuery().isPresent());
        assertTrue(testServerRuns(), "the server runs for the run");
        assertTrue(robot.lookup("#approval-arguments").queryAs(TextArea.class).getText().contains("\"a\""));
        robot.clickOn("#approve");
        waitUntil(30, () -> agents().stateProperty().get() == EngineState.IDLE && agents().timeline().size() == 5);
        assertEquals(List.of("5"), cards(robot, "agent-observation"));
        assertEquals(List.of("It is 5."), cards(robot, "agent-answer"));
        waitUntil(20, () -> !testServerRuns());

        addServer(robot, "missing", "/no/such/mcp-server --flag");
        addServer(robot, "crashing", testServer("--exit-at-start"));
        waitUntil(60, () -> agents().setup().servers().stream().noneMatch(r -> r.connectingProperty().get()));
        for (String name : List.of("missing", "crashing")) {
            String error = robot.lookup("#mcp-error-" + name).queryAs(Label.class).getText();
            assertTrue(!error.contains("\n") && !error.isBlank(), name + ": " + error);
        }
        assertTrue(robot.lookup("#mcp-error-missing").queryAs(Label.class).getText().contains("mcp-server"));
        assertTrue(robot.lookup("#mcp-error-crashing").queryAs(Label.class).getText()
                .contains("exited during the MCP handshake"));

        app = app.restart();
        robot.interact(() -> app.main().firstRun().skip());
        robot.clickOn("#" + MainView.navId(Workspace.AGENTS));
        waitUntil(20, () -> agents().setup().servers().size() == 3);
        assertTrue(robot.lookup("#tool-add").queryAs(CheckBox.class).isSelected(), "the setup remembers the choice");
    }

    @Test
    void stories260KRunsToTheEndAndItsTraceIsStored(FxRobot robot) throws Exception {
        Path stories = SharedModels.stories260K();
        load(robot, stories);
        robot.clickOn("#" + MainView.navId(Workspace.AGENTS));
        robot.interact(() -> {
            agents().setup().maxStepsProperty().set("3");
            agents().setup().maxStepTokensProperty().set("96");
            // Seed 10 calls current_time, then answers (decision 0071's sweep).
            agents().setup().seedProperty().set("10");
        });
        robot.clickOn("#" + AgentsView.TASK).write("What is 6 * 7, and what time is it?");
        robot.clickOn("#" + AgentsView.RUN);
        waitUntil(180, () -> agents().stateProperty().get() == EngineState.IDLE && !agents().history().isEmpty());

        Trace trace = app.storage().traces().find(app.storage().traces().recent(1).getFirst().id()).orElseThrow();
        assertEquals("stories260K", trace.header().modelId());
        assertEquals(List.of("calculator", "current_time"), trace.header().tools());
        StopReason reason = trace.stopReason().orElseThrow();
        assertTrue(reason == StopReason.MAX_STEPS || reason == StopReason.ANSWERED, reason.name());
        assertFalse(trace.steps().isEmpty(), "at least one step was generated and stored");
        ObjectNode stepSchema = StepSchema.forTools(BuiltInTools.select(trace.header().tools(), FolderGrants.none(),
                Clock.systemUTC()));
        for (StepRecord step : trace.steps()) {
            assertEquals(List.of(), SchemaValidator.problems(JSON.readTree(step.rawOutput()), stepSchema),
                    "step " + step.step() + " is schema-valid: " + step.rawOutput());
            if (step.tool() != null) {
                assertFalse(step.observation().startsWith("Invalid step"), step.observation());
                assertTrue(step.toolMillis() > 0, "the tool it named ran: " + step.observation());
            }
        }
        assertTrue(trace.steps().stream().anyMatch(step -> step.tool() != null), "the run called a tool");
        assertTrue(cards(robot, "agent-observation").stream().noneMatch(text -> text.startsWith("Invalid step")));
        assertTrue(robot.lookup("#" + AgentsView.STATUS).queryAs(Label.class).getText().contains(" · JSON steps · "));
        assertEquals(agents().timeline().size(), robot.lookup(".loupe-agent-card").queryAll().size(),
                "every timeline entry is a card on screen");
        assertFalse(agents().timeline().isEmpty());
    }
}
