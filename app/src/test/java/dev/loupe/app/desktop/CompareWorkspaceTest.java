package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.storage.run.RunQuery;
import dev.loupe.app.storage.run.RunSource;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.chat.MessageViewModel;
import dev.loupe.ui.compare.CompareColumnViewModel;
import dev.loupe.ui.compare.CompareView;
import dev.loupe.ui.compare.CompareViewModel;
import dev.loupe.ui.compare.ModelChoice;
import dev.loupe.ui.compare.SavedColumn;
import dev.loupe.ui.compare.SavedComparison;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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
 * The Compare workspace in the real window on JavaFX's headless platform, with the real H2 file and the real engine on
 * stories260K: columns run and stream, the metrics table agrees with the answers, the seed lock, saving and
 * reopening, send to chat, the judge, stop, and bad input.
 */
@ExtendWith(ApplicationExtension.class)
class CompareWorkspaceTest {
    private static final String PROMPT = "Once upon a time, a little fox";
    private static Path stories;

    @TempDir
    Path home;
    private TestWindow app;
    private final GatedLoader loader = new GatedLoader(JlamaTextGenerator::load);

    @BeforeAll
    static void model() {
        stories = SharedModels.stories260K();
    }

    @Start
    void start(Stage stage) {
        app = TestWindow.open(stage, TestWindow.Setup.in(home).loader(loader).model(stories));
    }

    @AfterEach
    void tearDown() {
        loader.release();
        app.close();
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private CompareViewModel compare() {
        return app.main().compare();
    }

    private List<CompareColumnViewModel> columns() {
        return compare().columns();
    }

    /** Opens Compare with the model loaded and {@code count} columns. */
    private void openCompare(FxRobot robot, int count) throws Exception {
        waitUntil(() -> app.engine().current().isPresent());
        robot.clickOn("#" + MainView.navId(Workspace.COMPARE));
        waitUntil(() -> columns().size() == 2 && columns().getFirst().modelProperty().get() != null && !compare().presets().isEmpty());
        for (int i = 2; i < count; i++) {
            robot.clickOn("#" + CompareView.ADD);
        }
        assertEquals(count, columns().size());
    }

    private void set(FxRobot robot, String id, String text) {
        TextField field = robot.lookup("#" + id).queryAs(TextField.class);
        robot.interact(() -> field.setText(text));
    }

    private void typePromptAndRun(FxRobot robot, String prompt) throws Exception {
        robot.clickOn("#" + CompareView.PROMPT).write(prompt);
        robot.press(KeyCode.CONTROL).press(KeyCode.ENTER).release(KeyCode.ENTER).release(KeyCode.CONTROL);
        waitForRun();
    }

    private void waitForRun() throws Exception {
        waitUntil(() -> !compare().stateProperty().get().isBusy() && compare().currentIdProperty().get() != null
                || compare().stateProperty().get() == EngineState.ERROR);
        assertNull(compare().errorProperty().get(), () -> compare().errorProperty().get().message());
    }

    private GenerationResult alone(SavedColumn column, String prompt, int maxTokens) {
        TextGenerator generator = app.engine().current().orElseThrow();
        var request = new GenerationRequest(Prompt.chat(List.of(ChatMessage.user(prompt))), column.setup().settings(), column.setup().seed(),
                maxTokens, List.of(), 0);
        return generator.generate(request, CancellationToken.none(), TokenListener.NONE);
    }

    @Test
    void threeColumnsRunAndTheMetricsTableAgreesWithTheAnswers(FxRobot robot) throws Exception {
        openCompare(robot, 3);
        set(robot, CompareView.MAX_TOKENS, "40");
        set(robot, CompareView.TEMPERATURE_PREFIX + "A", "0");
        set(robot, CompareView.TEMPERATURE_PREFIX + "B", "0.8");
        set(robot, CompareView.TEMPERATURE_PREFIX + "C", "1.5");
        typePromptAndRun(robot, PROMPT);

        TableView<?> table = robot.lookup("#" + CompareView.METRICS).queryAs(TableView.class);
        assertEquals(3, table.getItems().size());
        for (int i = 0; i < 3; i++) {
            CompareColumnViewModel column = columns().get(i);
            SavedColumn result = column.result().orElseThrow();
            RunMetrics m = result.metrics();
            String answer = robot.lookup("#" + CompareView.ANSWER_PREFIX + column.labelProperty().get()).queryAs(TextArea.class).getText();
            assertEquals(result.answer(), answer, "the column shows its whole answer");
            assertFalse(answer.isBlank());
            GenerationResult expected = alone(result, PROMPT, 40);
            assertEquals(expected.text(), answer, "a column is the same generation as its settings run alone");
            assertEquals(expected.generatedTokens(), m.length(), "the token count is the answer's");
            assertTrue(m.length() >= 1 && m.length() <= 40);
            assertEquals(m.length() == 40, result.finishReason() == FinishReason.MAX_TOKENS);
            assertEquals(Integer.toString(m.length()), cell(table, 4, i));
            assertEquals(String.format(Locale.ROOT, "%.3f", m.meanLogProbability()), cell(table, 5, i));
            assertEquals(String.format(Locale.ROOT, "%.2f", Math.exp(-m.meanLogProbability())), cell(table, 6, i));
            assertTrue(m.distinct1() > 0 && m.distinct1() <= 1 && m.distinct2() >= 0 && m.distinct2() <= 1);
            assertTrue(m.ttftMillis() > 0 && !cell(table, 2, i).isBlank());
            assertTrue(cell(table, 3, i).endsWith("tok/s"));
        }
        assertEquals(0.0, columns().getFirst().result().orElseThrow().setup().settings().temperature());
        assertEquals(3, app.storage().runs().query(RunQuery.ALL.sources(RunSource.COMPARE)).size(), "every column is a run in the runs log");
        assertEquals(1, compare().saved().size());
    }

    private static String cell(TableView<?> table, int column, int row) {
        Object value = table.getColumns().get(column).getCellData(row);
        return value == null ? "" : value.toString();
    }

    @Test
    void theLockedSeedGivesIdenticalSettingsIdenticalAnswers(FxRobot robot) throws Exception {
        openCompare(robot, 2);
        set(robot, CompareView.MAX_TOKENS, "40");
        for (String column : List.of("A", "B")) {
            set(robot, CompareView.TEMPERATURE_PREFIX + column, "1.2");
        }
        set(robot, CompareView.LOCKED_SEED, "1234");
        typePromptAndRun(robot, PROMPT);
        String a = columns().get(0).answerProperty().get();
        assertEquals(a, columns().get(1).answerProperty().get(), "same settings, same locked seed, same answer");
        assertEquals(1234, columns().get(1).result().orElseThrow().setup().seed());

        robot.clickOn("#" + CompareView.LOCK_SEED);
        set(robot, "compare-seed-A", "1");
        set(robot, "compare-seed-B", "2");
        robot.clickOn("#" + CompareView.RUN);
        waitForRun();
        assertNotEquals(columns().get(0).answerProperty().get(), columns().get(1).answerProperty().get(), "own seeds draw differently");
        assertEquals(2, columns().get(1).result().orElseThrow().setup().seed());
    }

    @Test
    void aSavedComparisonReopensFromTheDatabaseAndRunsAgain(FxRobot robot) throws Exception {
        openCompare(robot, 3);
        set(robot, CompareView.MAX_TOKENS, "30");
        set(robot, CompareView.TEMPERATURE_PREFIX + "C", "1.4");
        typePromptAndRun(robot, PROMPT);
        List<String> answers = columns().stream().map(c -> c.answerProperty().get()).toList();
        List<RunMetrics> metrics = columns().stream().map(c -> c.metricsProperty().get()).toList();

        app = app.restart();
        waitUntil(() -> app.engine().current().isPresent());
        robot.clickOn("#" + MainView.navId(Workspace.COMPARE));
        waitUntil(() -> compare().saved().size() == 1 && columns().size() == 3 && columns().getLast().metricsProperty().get() != null);
        assertEquals(answers, columns().stream().map(c -> c.answerProperty().get()).toList(), "Compare comes back as it was left");
        robot.clickOn("#" + CompareView.ADD);
        robot.interact(() -> compare().promptProperty().set("something else"));
        ListView<?> saved = robot.lookup("#" + CompareView.SAVED).queryAs(ListView.class);
        robot.interact(() -> saved.getSelectionModel().select(0));
        robot.clickOn("#" + CompareView.OPEN);
        waitUntil(() -> columns().size() == 3 && PROMPT.equals(compare().promptProperty().get()));

        assertEquals(PROMPT, robot.lookup("#" + CompareView.PROMPT).queryAs(TextArea.class).getText());
        assertEquals("30", compare().maxTokensProperty().get());
        assertEquals(answers, columns().stream().map(c -> c.answerProperty().get()).toList());
        assertEquals(metrics, columns().stream().map(c -> c.metricsProperty().get()).toList(), "figures come back exactly");
        assertEquals("1.4", columns().get(2).temperatureProperty().get());

        robot.clickOn("#" + CompareView.RERUN);
        waitUntil(() -> compare().saved().size() == 2 && !compare().stateProperty().get().isBusy());
        assertEquals(answers, columns().stream().map(c -> c.answerProperty().get()).toList(), "a re-run with the locked seed repeats the answers");
    }

    @Test
    void aColumnOnAnotherModelLoadsItForItsRunAndClosesItAfterwards(FxRobot robot) throws Exception {
        Path twin = home.resolve("models").resolve("stories-twin");
        copyFolder(stories, twin);
        openCompare(robot, 2);
        waitUntil(() -> compare().models().size() == 2);
        ModelChoice other = compare().models().stream().filter(m -> m.name().equals("stories-twin")).findFirst().orElseThrow();
        robot.interact(() -> columns().get(1).modelProperty().set(other));
        set(robot, CompareView.MAX_TOKENS, "30");
        int loadsBefore = loader.loaded.size();
        typePromptAndRun(robot, PROMPT);

        assertEquals(List.of(twin.toAbsolutePath().normalize()), loader.loaded.subList(loadsBefore, loader.loaded.size()).stream()
                .map(p -> p.toAbsolutePath().normalize()).toList(), "the other model is loaded once, for its column");
        assertEquals(1, loader.closed.get(), "and closed after its column; the loaded model stays");
        assertTrue(app.engine().current().isPresent());
        assertEquals(columns().get(0).answerProperty().get(), columns().get(1).answerProperty().get(),
                "the same weights with the same settings and seed give the same answer");
        assertEquals("stories-twin", columns().get(1).result().orElseThrow().setup().model().name());
    }

    private static void copyFolder(Path from, Path to) throws java.io.IOException {
        java.nio.file.Files.createDirectories(to);
        try (var files = java.nio.file.Files.list(from)) {
            for (Path file : files.toList()) {
                java.nio.file.Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }

    @Test
    void sendToChatStartsAConversationWithThePromptAndThatAnswer(FxRobot robot) throws Exception {
        openCompare(robot, 2);
        set(robot, CompareView.MAX_TOKENS, "30");
        set(robot, CompareView.TEMPERATURE_PREFIX + "B", "1.3");
        typePromptAndRun(robot, PROMPT);
        String answer = columns().get(1).answerProperty().get();

        robot.clickOn("#" + CompareView.SEND_PREFIX + "B");
        waitUntil(() -> app.main().workspaceProperty().get() == Workspace.CHAT && app.main().chat().messages().size() == 2);
        List<MessageViewModel> messages = app.main().chat().messages();
        assertEquals(ChatMessage.Role.USER, messages.get(0).role());
        assertEquals(PROMPT, messages.get(0).content());
        assertEquals(ChatMessage.Role.ASSISTANT, messages.get(1).role());
        assertEquals(answer, messages.get(1).content());
        assertEquals(1, app.storage().conversations().list().size(), "the conversation is stored");
    }

    @Test
    void theJudgeNamesAValidColumnAndItsVerdictIsRecorded(FxRobot robot) throws Exception {
        openCompare(robot, 3);
        set(robot, CompareView.MAX_TOKENS, "30");
        set(robot, CompareView.TEMPERATURE_PREFIX + "B", "1.0");
        set(robot, CompareView.TEMPERATURE_PREFIX + "C", "1.5");
        typePromptAndRun(robot, PROMPT);
        long id = compare().currentIdProperty().get();

        robot.clickOn("#" + CompareView.JUDGE);
        waitUntil(() -> compare().verdictProperty().get() != null || compare().errorProperty().get() != null);
        assertNull(compare().errorProperty().get());
        int winner = compare().verdictProperty().get().verdict().winner();
        assertTrue(winner >= 0 && winner < 3, "the verdict names one of the three columns");
        String shown = robot.lookup("#" + CompareView.VERDICT).queryAs(Label.class).getText();
        assertTrue(shown.startsWith("Judge stories260K: " + "ABC".charAt(winner) + " is better."), shown);
        waitUntil(() -> new StoredComparisons(app.storage().database()).find(id).orElseThrow().verdict().isPresent());
        SavedComparison stored = new StoredComparisons(app.storage().database()).find(id).orElseThrow();
        assertEquals(winner, stored.verdict().orElseThrow().verdict().winner());
        assertEquals(compare().criteriaProperty().get(), stored.verdict().orElseThrow().criteria());
    }

    @Test
    void escapeStopsTheRunAndKeepsWhatWasGenerated(FxRobot robot) throws Exception {
        openCompare(robot, 3);
        set(robot, CompareView.MAX_TOKENS, "200");
        loader.holdAfterTokens(4);
        robot.clickOn("#" + CompareView.PROMPT).write(PROMPT);
        robot.clickOn("#" + CompareView.RUN);
        loader.awaitHeld();
        waitUntil(() -> !columns().getFirst().answerProperty().get().isEmpty());
        String streamed = columns().getFirst().answerProperty().get();
        assertEquals(EngineState.GENERATING, compare().stateProperty().get());
        waitUntil(() -> app.engine().tokensPerSecondProperty().get() > 0); // the status bar shows the column's live speed
        assertTrue(compare().progressTextProperty().get().startsWith("Column A"), compare().progressTextProperty().get());

        robot.type(KeyCode.ESCAPE);
        loader.release();
        waitForRun();
        SavedColumn kept = columns().getFirst().result().orElseThrow();
        assertEquals(FinishReason.CANCELLED, kept.finishReason());
        assertTrue(kept.answer().startsWith(streamed), kept.answer());
        assertTrue(columns().get(1).result().isEmpty() && columns().get(2).result().isEmpty());
        assertEquals("not run: stopped", columns().get(2).statusProperty().get());
        assertEquals(1, new StoredComparisons(app.storage().database()).find(compare().currentIdProperty().get()).orElseThrow().columns().size());
    }

    @Test
    void anEmptyPromptOrOneLongerThanTheContextIsRefusedAndNothingIsLost(FxRobot robot) throws Exception {
        openCompare(robot, 2);
        robot.clickOn("#" + CompareView.RUN);
        assertEquals("Write a prompt first: every column continues the same prompt.", compare().errorProperty().get().message());
        assertEquals(EngineState.IDLE, compare().stateProperty().get());

        String tooLong = "The big brown dog ran to the park and played with a red ball. ".repeat(40);
        TextArea prompt = robot.lookup("#" + CompareView.PROMPT).queryAs(TextArea.class);
        robot.interact(() -> prompt.setText(tooLong));
        robot.clickOn("#" + CompareView.RUN);
        waitUntil(() -> compare().stateProperty().get() == EngineState.ERROR);
        String message = compare().errorProperty().get().message();
        assertTrue(message.contains("but the model's context holds") && message.contains("shorten the prompt"), message);
        assertEquals(tooLong, prompt.getText(), "the prompt stays as typed");
        assertTrue(compare().saved().isEmpty());
        assertNull(compare().currentIdProperty().get());
        assertFalse(app.engine().stateProperty().get().isBusy());

        set(robot, CompareView.MAX_TOKENS, "zero");
        robot.interact(() -> prompt.setText(PROMPT));
        robot.clickOn("#" + CompareView.RUN);
        assertEquals("Max tokens must be a whole number, got 'zero'.", compare().errorProperty().get().message());
        set(robot, CompareView.MAX_TOKENS, "20");
        set(robot, CompareView.TEMPERATURE_PREFIX + "B", "hot");
        robot.clickOn("#" + CompareView.RUN);
        assertEquals("Column B: temperature must be a number, got 'hot'.", compare().errorProperty().get().message());
        assertNotNull(robot.lookup("#" + CompareView.PROMPT).tryQuery().orElse(null));
    }
}
