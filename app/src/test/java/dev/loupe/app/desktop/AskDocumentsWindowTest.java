package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.testing.SharedModels;
import dev.loupe.rag.answer.Source;
import dev.loupe.rag.ingest.TestDocuments;
import dev.loupe.ui.ask.AskOptionsView;
import dev.loupe.ui.ask.AskOptionsViewModel;
import dev.loupe.ui.ask.AskRecord;
import dev.loupe.ui.ask.PassageWindow;
import dev.loupe.ui.ask.PromptWindow;
import dev.loupe.ui.ask.SourcesView;
import dev.loupe.ui.chat.ChatView;
import dev.loupe.ui.chat.MessageViewModel;
import dev.loupe.ui.documents.DocumentsState;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
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
 * Ask mode in the real window: stories260K, the real embedder and Lucene index over a text file and a PDF the
 * test writes, and the real H2 file, reopened as at a restart.
 */
@ExtendWith(ApplicationExtension.class)
class AskDocumentsWindowTest {
    private static final String QUESTION = "Who lit the lamp in the lighthouse?";
    private static Path stories;

    @TempDir
    Path home;
    private TestWindow app;

    @BeforeAll
    static void model() {
        stories = SharedModels.stories260K();
    }

    @Start
    void start(Stage stage) {
        app = TestWindow.open(stage, TestWindow.Setup.in(home).model(stories));
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<MessageViewModel> messages() {
        return app.main().chat().messages();
    }

    private AskOptionsViewModel ask() {
        return app.main().chat().askOptions();
    }

    /** Indexes {@code folder} as collection {@code name} through the Documents workspace, then returns to the chat. */
    private void index(FxRobot robot, String name, Path folder) throws Exception {
        robot.clickOn("#" + MainView.navId(Workspace.DOCUMENTS));
        DocumentsViewModel library = app.main().documents();
        waitUntil(() -> library.stateProperty().get() == DocumentsState.IDLE);
        robot.interact(() -> library.createCollection(name, folder));
        waitUntil(() -> library.stateProperty().get() == DocumentsState.IDLE && library.lastReportProperty().get() != null);
        robot.clickOn("#" + MainView.navId(Workspace.CHAT));
    }

    private Path writeDocuments() throws IOException {
        Path folder = Files.createDirectories(home.resolve("docs"));
        Files.writeString(folder.resolve("harbor.txt"), "The harbor was quiet. Fishing boats slept at the pier.\n");
        Files.write(folder.resolve("atlas.pdf"), TestDocuments.pdf(null, List.of(
                List.of("Mountains are tall and cold in winter."),
                List.of("The old keeper lit the lamp in the lighthouse every night.", "Ships saw the light."),
                List.of("Rivers run down to the sea."))));
        return folder;
    }

    @Test
    void anAnswerListsItsSourcesOpensThePassageShowsThePromptAndSurvivesARestart(FxRobot robot) throws Exception {
        Path folder = writeDocuments();
        waitUntil(() -> app.engine().current().isPresent());
        index(robot, "atlas", folder);

        // stories260K holds 506 tokens: leave room for the numbered sources next to the answer.
        robot.doubleClickOn("#maxTokens").eraseText(4).write("40");
        robot.clickOn("#" + AskOptionsView.ASK_MODE);
        waitUntil(() -> ask().selected().equals(List.of("atlas")));
        robot.clickOn("#" + ChatView.COMPOSER).write(QUESTION).type(KeyCode.ENTER);
        waitUntil(() -> app.main().chat().stateProperty().get() == EngineState.IDLE && messages().size() == 2
                && messages().getLast().askProperty().get() != null);

        AskRecord record = messages().getLast().askProperty().get();
        assertEquals(QUESTION, record.question());
        assertFalse(record.sources().isEmpty());
        assertFalse(messages().getLast().content().isEmpty(), "the answer streamed in");
        List<Hyperlink> links = shown(robot, "." + SourcesView.SOURCE, Hyperlink.class);
        assertEquals(record.sourceCount(), links.size());
        int pdfIndex = pdfSource(record);
        Hyperlink pdfLink = links.get(pdfIndex);
        assertTrue(pdfLink.getText().startsWith("[" + (pdfIndex + 1) + "] atlas.pdf, p. 2 · score "), pdfLink.getText());

        robot.clickOn(pdfLink);
        waitUntil(() -> robot.lookup("#" + PassageWindow.LOCATION).tryQuery().isPresent());
        String location = robot.lookup("#" + PassageWindow.LOCATION).queryAs(Label.class).getText();
        assertTrue(location.startsWith("atlas.pdf · page 2 of 3 · characters "), location);
        Text highlight = robot.lookup("#" + PassageWindow.HIGHLIGHT).queryAs(Text.class);
        assertEquals(record.sources().get(pdfIndex).passage().text(), highlight.getText());
        assertTrue(highlight.getText().contains("lit the lamp"), highlight.getText());
        closeOtherWindows(robot);

        robot.clickOn(shown(robot, "." + SourcesView.SHOW_PROMPT, Node.class).getFirst());
        waitUntil(() -> robot.lookup("#" + PromptWindow.USER).tryQuery().isPresent());
        String user = robot.lookup("#" + PromptWindow.USER).queryAs(TextArea.class).getText();
        assertEquals(record.userPrompt(), user);
        assertTrue(user.contains("[1] ") && user.endsWith("Question: " + QUESTION), user);
        assertTrue(robot.lookup("#" + PromptWindow.SYSTEM).queryAs(TextArea.class).getText().contains("numbered sources"));
        closeOtherWindows(robot);

        app = app.restart();
        waitUntil(() -> messages().size() == 2 && messages().getLast().askProperty().get() != null);
        assertEquals(record, messages().getLast().askProperty().get());
        waitUntil(() -> ask().enabledProperty().get() && ask().selected().equals(List.of("atlas")));
        assertTrue(robot.lookup("#" + AskOptionsView.ASK_MODE).queryAs(ToggleButton.class).isSelected());
        List<Hyperlink> again = shown(robot, "." + SourcesView.SOURCE, Hyperlink.class);
        assertEquals(links.stream().map(Hyperlink::getText).toList(), again.stream().map(Hyperlink::getText).toList());

        robot.clickOn(again.get(pdfIndex));
        waitUntil(() -> robot.lookup("#" + PassageWindow.LOCATION).tryQuery().isPresent());
        assertTrue(robot.lookup("#" + PassageWindow.LOCATION).queryAs(Label.class).getText().contains("page 2 of 3"));
    }

    @Test
    void missingAndEmptyCollectionsAndAnOverlongQuestionAreOneSentenceEach(FxRobot robot) throws Exception {
        waitUntil(() -> app.engine().current().isPresent());
        robot.clickOn("#" + AskOptionsView.ASK_MODE);
        waitUntil(() -> ask().statusProperty().get().equals(AskOptionsViewModel.NO_COLLECTIONS));
        robot.clickOn("#" + ChatView.COMPOSER).write("Anything?").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(AskOptionsViewModel.NO_COLLECTIONS, app.main().chat().errorProperty().get().message());
        assertEquals("Anything?", app.main().chat().draftProperty().get(), "the question is kept");
        assertTrue(messages().isEmpty());

        robot.clickOn("#" + AskOptionsView.OPEN_DOCUMENTS);
        waitUntil(() -> app.main().workspaceProperty().get() == Workspace.DOCUMENTS);

        Path blobs = Files.createDirectories(home.resolve("blobs"));
        Files.write(blobs.resolve("blob.txt"), new byte[] {0, 1, 2, 3});
        index(robot, "blobs", blobs);
        robot.interact(() -> ask().refresh());
        waitUntil(() -> ask().selected().equals(List.of("blobs")) && ask().statusProperty().get().isEmpty());
        robot.interact(() -> app.main().chat().dismissError());
        robot.clickOn("#" + ChatView.SEND);
        waitUntil(() -> app.main().chat().stateProperty().get() == EngineState.ERROR && messages().size() == 2);
        assertEquals("The collection blobs is empty: none of its documents is indexed yet; add documents to it in the "
                + "Documents workspace.", app.main().chat().errorProperty().get().message());

        index(robot, "atlas", writeDocuments());
        robot.interact(() -> {
            ask().refresh();
            app.main().chat().dismissError();
        });
        waitUntil(() -> ask().available().contains("atlas"));
        robot.interact(() -> {
            ask().choose("blobs", false);
            ask().choose("atlas", true);
            app.main().chat().newChat();
            app.main().chat().draftProperty().set("lamp ".repeat(600));
            app.main().chat().send();
        });
        waitUntil(() -> app.main().chat().stateProperty().get() == EngineState.ERROR && messages().size() == 2);
        String tooLong = app.main().chat().errorProperty().get().message();
        assertTrue(tooLong.startsWith("The prompt has ") && tooLong.endsWith("shorten the prompt or ask for fewer tokens."),
                tooLong);
    }

    private static int pdfSource(AskRecord record) {
        List<Source> sources = record.sources();
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).passage().source().endsWith("atlas.pdf") && sources.get(i).passage().page() == 2) {
                return i;
            }
        }
        throw new AssertionError("the lighthouse page is not among the sources: " + sources);
    }

    private void closeOtherWindows(FxRobot robot) {
        robot.interact(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w != app.stage() && w instanceof Stage s) {
                    s.close();
                }
            }
        });
    }

    private static <T extends Node> List<T> shown(FxRobot robot, String query, Class<T> type) {
        return robot.lookup(query).queryAllAs(type).stream().filter(AskDocumentsWindowTest::onScreen).toList();
    }

    private static boolean onScreen(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
