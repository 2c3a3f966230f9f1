package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.chat.ChatView;
import dev.loupe.ui.chat.MessageViewModel;
import dev.loupe.ui.documents.DocumentsState;
import dev.loupe.ui.documents.DocumentsView;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.StatusBarView;
import dev.loupe.ui.runs.RunsView;
import dev.loupe.ui.shell.LoupeStyles;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on JavaFX's headless platform, with the real H2 storage and the real engine on stories260K:
 * TestFX types, clicks and presses keys as a user would.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopWindowTest {
    private static Path stories;

    @TempDir
    Path home;
    private TestWindow app;
    private final GatedLoader loader = new GatedLoader(JlamaTextGenerator::load);

    @BeforeAll
    static void model() {
        stories = SharedModels.stories260K();
    }

    /** Opens the app on {@code home} in the stage, as the launcher does, and loads stories260K. */
    @Start
    void start(Stage stage) {
        app = TestWindow.open(stage, TestWindow.Setup.in(home).loader(loader).model(stories));
    }

    @AfterEach
    void tearDown() {
        loader.release();
        app.close();
    }

    private void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForModel() throws Exception {
        waitUntil(() -> app.engine().current().isPresent());
    }

    private void waitForReply() throws Exception {
        waitUntil(() -> app.main().chat().stateProperty().get() == EngineState.IDLE
                && !app.main().chat().messages().isEmpty());
    }

    private List<MessageViewModel> messages() {
        return app.main().chat().messages();
    }

    private void send(FxRobot robot, String text) throws Exception {
        robot.clickOn("#" + ChatView.COMPOSER).write(text).type(KeyCode.ENTER);
    }

    @Test
    void documentsIndexAFolderShowSkippedFilesAndSearchWithEachRetrieversScore(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(home.resolve("notes"));
        Files.writeString(folder.resolve("lighthouse.md"),
                "# Lighthouses\n\nA lighthouse keeper lit the lamp so ships could pass the rocks at night.");
        Files.write(folder.resolve("blob.txt"), new byte[] {0, 1, 2, 3});
        robot.clickOn("#" + MainView.navId(Workspace.DOCUMENTS));
        DocumentsViewModel documents = app.main().documents();
        waitUntil(() -> documents.stateProperty().get() == DocumentsState.IDLE);

        robot.interact(() -> documents.createCollection("coast", folder));
        waitUntil(() -> documents.stateProperty().get() == DocumentsState.IDLE && documents.lastReportProperty().get() != null);

        String summary = robot.lookup("#" + DocumentsView.PROGRESS).queryAs(Label.class).getText();
        assertTrue(summary.startsWith("coast: 2 files found, 1 indexed"), summary);
        assertTrue(summary.contains("chunks/s"), summary);
        assertEquals(List.of(folder), robot.lookup("#" + DocumentsView.FOLDERS).queryAs(ListView.class).getItems());
        TableView<?> files = robot.lookup("#" + DocumentsView.FILES).queryAs(TableView.class);
        assertEquals(2, files.getItems().size());
        assertTrue(robot.lookup("#" + DocumentsView.FILES).lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().contains("binary data")), "the skipped file shows its reason");

        robot.clickOn("#" + DocumentsView.SEARCH).write("lighthouse keeper").type(KeyCode.ENTER);
        waitUntil(() -> !documents.hits().isEmpty() && documents.stateProperty().get() == DocumentsState.IDLE);

        ListView<?> hits = robot.lookup("#" + DocumentsView.HITS).queryAs(ListView.class);
        assertTrue(hits.getItems().size() >= 1);
        assertTrue(robot.lookup("#" + DocumentsView.HITS).lookup((Label l) -> l.getText() != null
                && l.getText().contains("bm25 ") && l.getText().contains("(#1)") && l.getText().contains("dense "))
                .tryQuery().isPresent(), "the hit shows each retriever's score and rank");
        List<Text> marked = robot.lookup("." + LoupeStyles.HIT_HIGHLIGHT).queryAllAs(Text.class)
                .stream().toList();
        assertFalse(marked.isEmpty(), "matched words are highlighted");
        assertTrue(marked.stream().anyMatch(t -> t.getText().equalsIgnoreCase("lighthouse")), marked.toString());
    }

    @Test
    void aReplyStreamsInAndStopKeepsWhatItHas(FxRobot robot) throws Exception {
        waitForModel();
        assertEquals("stories260K", robot.lookup("#" + StatusBarView.MODEL_ID).queryAs(Label.class).getText());
        loader.holdAfterTokens(3);
        send(robot, "Tell me a story about a cat.");
        loader.awaitHeld();
        waitUntil(() -> !messages().getLast().content().isEmpty());

        assertTrue(robot.lookup("#" + ChatView.STOP).queryAs(Button.class).isVisible());
        assertEquals(EngineState.GENERATING, app.engine().stateProperty().get());
        String streamed = messages().getLast().content();
        assertFalse(streamed.isBlank(), "the first tokens are on screen while the reply streams");

        robot.clickOn("#" + ChatView.STOP);
        loader.release();
        waitForReply();

        MessageViewModel reply = messages().getLast();
        assertTrue(reply.content().startsWith(streamed), reply.content());
        assertTrue(reply.badgeProperty().get().endsWith("stopped"), reply.badgeProperty().get());
        assertFalse(robot.lookup("#" + ChatView.STOP).queryAs(Button.class).isVisible());
        assertEquals(reply.badgeProperty().get(), shown(robot, ".message-badge", Label.class).getLast().getText(),
                "the badge is shown under the reply");
    }

    @Test
    void regenerateAddsAnAlternativeAndTheArrowsSwitchBack(FxRobot robot) throws Exception {
        waitForModel();
        send(robot, "Once upon a time");
        waitForReply();
        String first = messages().getLast().content();

        robot.clickOn("#" + ChatView.REGENERATE);
        waitUntil(() -> messages().size() == 2 && messages().getLast().siblingCountProperty().get() == 2
                && app.main().chat().stateProperty().get() == EngineState.IDLE);
        assertEquals("2/2", shown(robot, ".sibling-label", Label.class).getFirst().getText());

        robot.clickOn(shown(robot, ".previous-sibling", Button.class).getFirst());
        waitUntil(() -> messages().getLast().siblingIndexProperty().get() == 0);
        assertEquals("1/2", shown(robot, ".sibling-label", Label.class).getFirst().getText());
        assertEquals(first, messages().getLast().content());
    }

    /** The nodes matching {@code query} that are on screen: visible themselves and every parent. */
    private static <T extends Node> List<T> shown(FxRobot robot, String query, Class<T> type) {
        return robot.lookup(query).queryAllAs(type).stream().filter(DesktopWindowTest::onScreen).toList();
    }

    private static boolean onScreen(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void choosingAPresetFillsTheFieldsAndNamesTheReply(FxRobot robot) throws Exception {
        waitForModel();
        robot.clickOn("#preset");
        robot.clickOn("Precise");
        assertEquals("0.2", robot.lookup("#temperature").queryAs(TextField.class).getText());
        assertEquals("20", robot.lookup("#topK").queryAs(TextField.class).getText());

        send(robot, "A short story please");
        waitForReply();
        assertTrue(messages().getLast().badgeProperty().get().contains("Precise"), messages().getLast().badgeProperty().get());
    }

    @Test
    void anInvalidSettingIsOneSentenceAndTheMessageIsKept(FxRobot robot) throws Exception {
        waitForModel();
        robot.doubleClickOn("#temperature").eraseText(4).write("hot");
        assertEquals("Temperature must be a number, got 'hot'.", robot.lookup("#sampler-validation").queryAs(Label.class).getText());
        send(robot, "Keep me");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Keep me", app.main().chat().draftProperty().get());
        assertTrue(messages().isEmpty());
        assertTrue(shown(robot, ".loupe-error-bar .label", Label.class).stream()
                .anyMatch(l -> l.getText().equals("Temperature must be a number, got 'hot'.")), "the error bar says it");
    }

    @Test
    void aRestartFindsTheConversationWhereItWas(FxRobot robot) throws Exception {
        waitForModel();
        send(robot, "Remember the blue kite");
        waitForReply();
        String reply = messages().getLast().content();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT7).release(KeyCode.CONTROL);
        waitUntil(() -> app.main().workspaceProperty().get() == Workspace.RUNS);
        waitUntil(() -> robot.lookup("#" + RunsView.TABLE).queryAs(TableView.class).getItems().size() == 1);

        app = app.restart();
        waitForModel();
        waitUntil(() -> app.main().workspaceProperty().get() == Workspace.RUNS);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT1).release(KeyCode.CONTROL);
        waitUntil(() -> messages().size() == 2);

        ListView<?> list = robot.lookup("#" + ChatView.CONVERSATIONS).queryAs(ListView.class);
        assertEquals(1, list.getItems().size());
        assertEquals("Remember the blue kite", messages().getFirst().content());
        assertEquals(reply, messages().getLast().content());
    }
}
