package dev.loupe.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.agents.run.StepConstraints;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.ui.agents.AgentsViewModel;
import dev.loupe.ui.about.AboutViewModel;
import dev.loupe.ui.chat.ChatView;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.compare.CompareView;
import dev.loupe.ui.compare.CompareViewModel;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.inspect.InspectView;
import dev.loupe.ui.inspect.InspectViewModel;
import dev.loupe.ui.models.ModelLibrary;
import dev.loupe.ui.models.ModelsView;
import dev.loupe.ui.models.ModelsViewModel;
import dev.loupe.ui.runs.RunsViewModel;
import dev.loupe.ui.settings.ApiServerViewModel;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.MemoryTraces;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import dev.loupe.ui.testing.TestTools;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The views' keys and bindings on JavaFX's headless platform, over a scripted generator and in-memory stores. */
@ExtendWith(ApplicationExtension.class)
class MainViewFxTest {
    private final ScriptedGenerator generator = new ScriptedGenerator("stories-test");
    private final MemoryStores.Settings settings = new MemoryStores.Settings();
    private MainViewModel main;

    @Start
    void start(Stage stage) {
        ImmediateTaskRunner runner = new ImmediateTaskRunner();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        EngineViewModel engine = new EngineViewModel(runner, dir -> generator);
        MemoryStores.Runs runs = new MemoryStores.Runs();
        MemoryConversations conversations = new MemoryConversations();
        ChatViewModel chat = new ChatViewModel(runner, engine, conversations, runs, new MemoryStores.Presets(),
                new MemoryStores.Prompts(), settings, dialogs, Clock.systemUTC(), MemoryStores.NO_DOCUMENTS,
                new MemoryStores.AskRecords());
        ModelLibrary library = new ModelLibrary() {
            @Override
            public Path folder() {
                return Path.of("/models");
            }

            @Override
            public List<ModelCatalog.Entry> list() {
                return List.of(new ModelCatalog.Entry(generator.info().dir(), Optional.of(generator.info()), Optional.empty()));
            }

            @Override
            public ModelInfo inspect(Path dir) {
                return generator.info();
            }

            @Override
            public Path importLlama2c(Path checkpoint, Path tokenizer, String name) {
                throw new AssertionError("not used");
            }

            @Override
            public Path quantizeQ4(Path source) {
                throw new AssertionError("not used");
            }
        };
        main = new MainViewModel(runner, settings, engine, chat, new ModelsViewModel(runner, library, engine, dialogs, Clock.systemUTC()),
                new RunsViewModel(runner, runs, dialogs, Clock.systemUTC()), new DocumentsViewModel(runner, () -> {
                    throw new IllegalStateException("this test opens no documents library");
                }, dialogs), new CompareViewModel(runner, engine, dir -> generator, library, new MemoryStores.Presets(),
                new MemoryStores.Comparisons(), new MemoryConversations(), runs, Clock.systemUTC()),
                new AgentsViewModel(runner, engine, new TestTools(), new MemoryTraces(),
                model -> StepConstraints.NONE, settings, dialogs, Clock.systemUTC(), System::nanoTime),
                new ApiServerViewModel(runner, engine, MemoryStores.NO_API_SERVER, settings),
                new InspectViewModel(runner, engine, conversations, runs, settings, dialogs, Clock.systemUTC()),
                new AboutViewModel(runner, () -> {
                    throw new IllegalStateException("this test opens no About dialog");
                }));
        main.start(Workspace.CHAT, ThemeChoice.LIGHT);
        chat.start("Balanced", Optional.empty());
        engine.load(generator.info().dir());
        Themes.apply(ThemeChoice.LIGHT);
        MainView view = new MainView(main, dialogs);
        Scene scene = new Scene(view, 1280, 800);
        view.install(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void enterSendsAndTheReplyIsRenderedShiftEnterStartsANewLine(FxRobot robot) {
        generator.replies("Once upon a time **Max** ran.");
        robot.clickOn("#" + ChatView.COMPOSER).write("Line one");
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        robot.write("line two");
        assertEquals("Line one\nline two", robot.lookup("#" + ChatView.COMPOSER).queryAs(TextArea.class).getText());
        assertTrue(main.chat().messages().isEmpty());

        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("Line one\nline two", "Once upon a time **Max** ran."),
                main.chat().messages().stream().map(m -> m.content()).toList());
        assertEquals("", robot.lookup("#" + ChatView.COMPOSER).queryAs(TextArea.class).getText());
        Text bold = robot.lookup("." + LoupeStyles.MD_BOLD).queryAs(Text.class);
        assertEquals("Max", bold.getText());
        assertTrue(bold.getStyleClass().contains(LoupeStyles.MD_BOLD), "Markdown bold is rendered bold");
    }

    @Test
    void shortcutsAndTheSidebarSwitchWorkspaces(FxRobot robot) {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Workspace.INSPECT, main.workspaceProperty().get());
        assertTrue(robot.lookup("#" + InspectView.TOKENS).tryQuery().isPresent(), "Inspect is built");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Workspace.COMPARE, main.workspaceProperty().get());
        assertTrue(robot.lookup("#" + CompareView.RUN).tryQuery().isPresent(), "Compare is built");

        robot.clickOn("#" + MainView.navId(Workspace.MODELS));
        assertEquals(Workspace.MODELS, main.workspaceProperty().get());
        assertEquals(1, robot.lookup("#" + ModelsView.TABLE).queryAs(TableView.class).getItems().size());
        assertEquals("models", settings.workspace);
    }

    @Test
    void ctrlNStartsANewChatAndCtrlRRegenerates(FxRobot robot) {
        generator.replies("First.", "Second.");
        robot.clickOn("#" + ChatView.COMPOSER).write("Hello").type(KeyCode.ENTER);
        robot.press(KeyCode.CONTROL).type(KeyCode.R).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Second.", main.chat().messages().getLast().content());
        assertEquals(2, main.chat().messages().getLast().siblingCountProperty().get());

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(main.chat().messages().isEmpty());
        assertTrue(robot.lookup("Start a conversation").tryQuery().isPresent());
    }
}
