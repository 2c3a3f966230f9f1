package dev.loupe.ui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.FinishReason;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Compare view-model without a model: the column bounds, every refusal with its sentence, and reopening from
 * the repository. Runs with the real engine are in the app's {@code CompareWorkspaceTest}.
 */
class CompareViewModelTest {
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();
    private final MemoryStores.Comparisons comparisons = new MemoryStores.Comparisons();
    private final MemoryConversations conversations = new MemoryConversations();
    private final EngineViewModel engine = new EngineViewModel(runner, dir -> {
        throw new AssertionError("no model is loaded in this test");
    });
    private CompareViewModel compare;

    @BeforeEach
    void open() {
        compare = new CompareViewModel(runner, engine, dir -> {
            throw new AssertionError("no model is loaded in this test");
        }, MemoryStores.NO_MODELS, new MemoryStores.Presets(), comparisons, conversations, new MemoryStores.Runs(), Clock.systemUTC());
        compare.refresh();
    }

    @Test
    void columnsStayBetweenTwoAndFourAndAreLetteredInOrder() {
        assertEquals(2, compare.columns().size());
        assertEquals("Precise", compare.columns().getFirst().presetProperty().get().name());
        compare.addColumn();
        compare.addColumn();
        compare.addColumn();
        assertEquals(4, compare.columns().size());
        assertFalse(compare.canAddColumnProperty().get());
        compare.columns().get(1).temperatureProperty().set("1.3");
        compare.removeColumn(compare.columns().getFirst());
        assertEquals(List.of("A", "B", "C"), compare.columns().stream().map(c -> c.labelProperty().get()).toList());
        assertEquals("1.3", compare.columns().getFirst().temperatureProperty().get(), "the old column B is now A");
        compare.removeColumn(compare.columns().getFirst());
        compare.removeColumn(compare.columns().getFirst());
        assertEquals(2, compare.columns().size());
        assertFalse(compare.canRemoveColumnProperty().get());
    }

    @Test
    void runRefusesWhatCannotRunWithOneSentenceAndChangesNothing() {
        compare.run();
        assertEquals("Write a prompt first: every column continues the same prompt.", compare.errorProperty().get().message());
        compare.promptProperty().set("Once upon a time");
        compare.run();
        assertEquals("Column A: choose a model.", compare.errorProperty().get().message());
        compare.columns().forEach(c -> c.modelProperty().set(new ModelChoice("m", Path.of("/models/m"))));
        compare.columns().get(1).topKProperty().set("many");
        compare.run();
        assertEquals("Column B: top-k must be a whole number, got 'many'.", compare.errorProperty().get().message());
        compare.columns().get(1).topKProperty().set("40");
        compare.lockedSeedProperty().set("-3");
        compare.run();
        assertEquals("The seed must be 0 or a positive whole number, got -3.", compare.errorProperty().get().message());
        compare.maxTokensProperty().set("0");
        compare.run();
        assertEquals("Max tokens must be at least 1, got 0.", compare.errorProperty().get().message());
        assertEquals(EngineState.IDLE, compare.stateProperty().get());
        assertEquals("Once upon a time", compare.promptProperty().get());
        assertTrue(comparisons.saved.isEmpty());
    }

    @Test
    void judgeAndSendToChatNeedAnswers() {
        compare.judge();
        assertEquals("Column A has no answer yet; run the comparison before judging it.", compare.errorProperty().get().message());
        compare.sendToChat(compare.columns().get(1));
        assertEquals("Column B has no answer to send yet; run the comparison first.", compare.errorProperty().get().message());
        assertTrue(conversations.list("").isEmpty());
    }

    @Test
    void aSavedComparisonOpensWithItsColumnsAndAGoneOneSaysSo() {
        ModelChoice model = new ModelChoice("stories260K", Path.of("/models/stories260K"));
        RunMetrics metrics = new RunMetrics(20, 500, -0.5, Math.exp(0.5), 0.8, 0.9, 12);
        SavedComparison saved = comparisons.save(Instant.now(), "The little dog", 12, false, List.of(
                new SavedColumn(0, new ColumnSetup(model, "Balanced", SamplerSettings.DEFAULTS, 3), "ran home.", FinishReason.MAX_TOKENS, 5, metrics),
                new SavedColumn(1, new ColumnSetup(model, "Precise", SamplerSettings.GREEDY, 4), "sat down.", FinishReason.EOS, 5, metrics),
                new SavedColumn(2, new ColumnSetup(model, "Creative", SamplerSettings.DEFAULTS.withTemperature(1.1), 5), "jumped.",
                        FinishReason.EOS, 5, metrics)));
        compare.open(saved.id());
        assertEquals(3, compare.columns().size());
        assertEquals("The little dog", compare.promptProperty().get());
        assertFalse(compare.seedLockedProperty().get());
        assertEquals(List.of("ran home.", "sat down.", "jumped."), compare.columns().stream().map(c -> c.answerProperty().get()).toList());
        assertEquals("4", compare.columns().get(1).seedProperty().get());
        assertEquals("1.1", compare.columns().get(2).temperatureProperty().get());
        assertEquals("max tokens", compare.columns().getFirst().finishProperty().get());
        assertEquals(saved.id(), compare.currentIdProperty().get());
        assertTrue(compare.models().contains(model));

        comparisons.saveVerdict(saved.id(), new SavedVerdict("stories260K", "Prefer the shortest.",
                new dev.loupe.inference.lab.JudgeVerdict(2, "it is short", "{}", false)));
        compare.open(saved.id());
        assertEquals("Prefer the shortest.", compare.criteriaProperty().get(), "the criteria of the verdict come back");
        assertEquals(2, compare.verdictProperty().get().verdict().winner());
        assertEquals(model, compare.judgeModelProperty().get());

        compare.delete(saved.id());
        assertNull(compare.currentIdProperty().get());
        compare.open(saved.id());
        assertEquals("That comparison is no longer stored.", compare.errorProperty().get().message());
    }
}
