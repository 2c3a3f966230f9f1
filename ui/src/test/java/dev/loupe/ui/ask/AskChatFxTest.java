package dev.loupe.ui.ask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.rag.answer.AskPipeline;
import dev.loupe.rag.answer.SourcedPrompt;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.ui.chat.ChatView;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.settings.AskSettings;
import dev.loupe.ui.shell.LoupeStyles;
import dev.loupe.ui.shell.Themes;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
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
 * The chat's Ask mode over a scripted generator (so the answer cites what the test chooses) and a real library
 * with the real embedder: the record shows exactly the prompt the generator was given, a clicked [n] opens its
 * passage, HyDE keeps its draft, and a damaged index is one sentence.
 */
@ExtendWith(ApplicationExtension.class)
class AskChatFxTest {
    private static OnnxBgeEmbedder embedder;
    @TempDir
    static Path docs;
    @TempDir
    Path home;

    private final ScriptedGenerator generator = new ScriptedGenerator("stories-test");
    private final MemoryStores.AskRecords records = new MemoryStores.AskRecords();
    private DocumentLibrary library;
    private ChatViewModel chat;

    @BeforeAll
    static void loadEmbedder() throws IOException {
        embedder = OnnxBgeEmbedder.load();
        Files.writeString(docs.resolve("lighthouse.txt"), "The keeper lit the lamp in the lighthouse every night.");
        Files.writeString(docs.resolve("river.txt"), "Rivers run down the valley to the sea.");
    }

    @AfterAll
    static void closeEmbedder() {
        embedder.close();
    }

    @Start
    void start(Stage stage) {
        ImmediateTaskRunner runner = new ImmediateTaskRunner();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        EngineViewModel engine = new EngineViewModel(runner, dir -> generator);
        chat = new ChatViewModel(runner, engine, new MemoryConversations(), new MemoryStores.Runs(),
                new MemoryStores.Presets(), new MemoryStores.Prompts(), new MemoryStores.Settings(), dialogs,
                Clock.systemUTC(), this::library, records);
        chat.start("Balanced", Optional.empty());
        engine.load(generator.info().dir());
        Themes.apply(ThemeChoice.LIGHT);
        ChatView view = new ChatView(chat, engine, dialogs);
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(LoupeStyles.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    private synchronized DocumentLibrary library() {
        if (library == null) {
            library = DocumentLibrary.open(home, embedder);
            library.saveCollection(CollectionSettings.of("notes", List.of(docs)));
            library.indexAll(p -> {}, () -> false);
        }
        return library;
    }

    @AfterEach
    void closeLibrary() {
        if (library != null) {
            library.close();
        }
    }

    @Test
    void aClickedCitationOpensItsPassageAndTheRecordIsThePromptTheModelSaw(FxRobot robot) {
        robot.interact(() -> chat.askOptions().apply(new AskSettings(true, List.of("notes"), 2, AskMode.PLAIN)));
        generator.replies("The keeper lit the lamp [1].");
        robot.clickOn("#" + ChatView.COMPOSER).write("Who lit the lamp?").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        AskRecord record = chat.messages().getLast().askProperty().get();
        assertEquals(record, records.records.get(chat.messages().getLast().id()), "stored with the reply");
        assertEquals(AskPipeline.chat(new SourcedPrompt(record.systemPrompt(), record.userPrompt(), record.sources())),
                generator.requests().getLast().prompt(), "the prompt shown is the prompt generated from");
        assertTrue(record.sources().getFirst().passage().text().contains("lit the lamp"), record.toString());

        Text marker = robot.lookup("." + LoupeStyles.CITATION).queryAs(Text.class);
        assertEquals("[1]", marker.getText());
        robot.clickOn(marker);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(record.sources().getFirst().passage().text(),
                robot.lookup("#" + PassageWindow.HIGHLIGHT).queryAs(Text.class).getText());
        assertTrue(robot.lookup("#" + PassageWindow.LOCATION).queryAs(Label.class).getText().startsWith("lighthouse.txt · characters 0–"));
    }

    @Test
    void aPassageDeepInALongDocumentIsScrolledIntoView(FxRobot robot) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("Line ").append(i).append(" of the ship's log: calm weather and nothing to report.\n");
        }
        text.append("At the very end the albatross landed on the mast.\n");
        Files.writeString(docs.resolve("log.txt"), text);
        try {
            robot.interact(() -> chat.askOptions().apply(new AskSettings(true, List.of("notes"), 1, AskMode.PLAIN)));
            generator.replies("It landed on the mast [1].");
            robot.clickOn("#" + ChatView.COMPOSER).write("Where did the albatross land?").type(KeyCode.ENTER);
            WaitForAsyncUtils.waitForFxEvents();
            AskRecord record = chat.messages().getLast().askProperty().get();
            assertTrue(record.sources().getFirst().passage().text().contains("albatross"), record.toString());

            robot.clickOn(robot.lookup("." + LoupeStyles.CITATION).queryAs(Text.class));
            WaitForAsyncUtils.waitForFxEvents();
            ScrollPane scroll = robot.lookup("#" + PassageWindow.SCROLL).queryAs(ScrollPane.class);
            Text highlight = robot.lookup("#" + PassageWindow.HIGHLIGHT).queryAs(Text.class);
            assertTrue(scroll.getVvalue() > 0.5, "scrolled down to the passage: " + scroll.getVvalue());
            Bounds shown = scroll.localToScene(scroll.getLayoutBounds());
            Bounds passage = highlight.localToScene(highlight.getLayoutBounds());
            assertTrue(shown.intersects(passage), "the passage is in view: " + passage + " in " + shown);
        } finally {
            Files.delete(docs.resolve("log.txt"));
        }
    }

    @Test
    void hydeKeepsItsDraftAndRegeneratingAsksAgain(FxRobot robot) {
        robot.interact(() -> chat.askOptions().apply(new AskSettings(true, List.of("notes"), 2, AskMode.HYDE)));
        generator.replies("A keeper lights a lighthouse lamp at dusk.", "Answer one [1].", "A drafted river.", "Answer two [2].");
        robot.clickOn("#" + ChatView.COMPOSER).write("Who lit the lamp?").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        AskRecord first = chat.messages().getLast().askProperty().get();
        assertEquals(Optional.of("A keeper lights a lighthouse lamp at dusk."), first.draft());
        assertEquals(AskMode.HYDE, first.mode());
        assertEquals("Answer one [1].", chat.messages().getLast().content());

        robot.clickOn("#" + ChatView.REGENERATE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Answer two [2].", chat.messages().getLast().content());
        assertEquals(Optional.of("A drafted river."), chat.messages().getLast().askProperty().get().draft());
        assertEquals(2, chat.messages().getLast().siblingCountProperty().get());
    }

    @Test
    void aDamagedIndexIsOneSentenceInTheOptionsAndWhenAsking(FxRobot robot) throws IOException {
        library().close();
        damageLargestFile(home.resolve("lucene"));
        library = null;
        Path damaged = home;
        ChatViewModel[] broken = new ChatViewModel[1];
        robot.interact(() -> {
            ImmediateTaskRunner runner = new ImmediateTaskRunner();
            EngineViewModel engine = new EngineViewModel(runner, dir -> generator);
            engine.load(generator.info().dir());
            broken[0] = new ChatViewModel(runner, engine, new MemoryConversations(), new MemoryStores.Runs(),
                    new MemoryStores.Presets(), new MemoryStores.Prompts(), new MemoryStores.Settings(),
                    new ScriptedDialogs(), Clock.systemUTC(), () -> DocumentLibrary.open(damaged, embedder), records);
            broken[0].askOptions().enabledProperty().set(true);
            broken[0].draftProperty().set("Who lit the lamp?");
            broken[0].send();
        });
        String status = broken[0].askOptions().statusProperty().get();
        assertTrue(status.contains("is damaged") && status.contains("rebuild"), status);
        assertEquals(status, broken[0].errorProperty().get().message());
        assertEquals("Who lit the lamp?", broken[0].draftProperty().get(), "the question is kept");
    }

    /** Flips bytes in the middle of the index's largest file, as a disk error would. */
    private static void damageLargestFile(Path index) throws IOException {
        Path largest;
        try (Stream<Path> files = Files.list(index)) {
            largest = files.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
            long middle = file.length() / 2;
            byte[] bytes = new byte[16];
            file.seek(middle);
            file.readFully(bytes);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
            file.seek(middle);
            file.write(bytes);
        }
    }
}
