package dev.loupe.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.sampling.StepExplanation;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.chat.InspectedAnswer;
import dev.loupe.ui.chat.MessageViewModel;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.runs.RunEntry;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Inspect view-model on the real engine and stories260K, opened from a real chat answer, without a display. */
class InspectViewModelStoriesTest {
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();
    private final MemoryConversations conversations = new MemoryConversations();
    private final MemoryStores.Settings settings = new MemoryStores.Settings();
    private final MemoryStores.Runs runs = new MemoryStores.Runs();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<InspectedAnswer> handedOver = new ArrayList<>();
    private final List<Long> branchesStored = new ArrayList<>();
    private EngineViewModel engine;
    private ChatViewModel chat;
    private InspectViewModel inspect;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        engine = new EngineViewModel(runner, JlamaTextGenerator::load);
        chat = new ChatViewModel(runner, engine, conversations, runs, new MemoryStores.Presets(),
                new MemoryStores.Prompts(), settings, dialogs, Clock.systemUTC(), MemoryStores.NO_DOCUMENTS,
                new MemoryStores.AskRecords());
        inspect = new InspectViewModel(runner, engine, conversations, runs, settings, dialogs, Clock.systemUTC());
        chat.onInspect(handedOver::add);
        inspect.onBranchStored(branchesStored::add);
        engine.load(SharedModels.stories260K());
        chat.start("Balanced", Optional.empty());
        chat.sampler().fixedSeedProperty().set(true);
        chat.sampler().seedProperty().set("42");
        chat.sampler().maxTokensProperty().set("48");
        chat.draftProperty().set("Tell me a story about a dog.");
        chat.send();
        assertEquals(EngineState.IDLE, chat.stateProperty().get(), () -> String.valueOf(chat.errorProperty().get()));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private TextGenerator generator() {
        return engine.current().orElseThrow();
    }

    private MessageViewModel openLastAnswer() {
        MessageViewModel reply = chat.messages().getLast();
        chat.inspect(reply);
        assertEquals(1, handedOver.size());
        inspect.open(handedOver.getLast());
        assertEquals(EngineState.IDLE, inspect.stateProperty().get(), () -> String.valueOf(inspect.errorProperty().get()));
        return reply;
    }

    @Test
    void anAnswerIsScoredFromItsStoredTokensWithoutGeneratingAgain() {
        MessageViewModel reply = openLastAnswer();
        InspectedAnswer answer = handedOver.getFirst();
        assertEquals(reply.id(), answer.messageId());
        assertEquals(List.of(ChatMessage.user("Tell me a story about a dog.")), answer.prompt());
        assertEquals(42, answer.setup().seed());

        List<TokenEvent> stored = conversations.message(reply.id()).tokens;
        List<TokenRow> rows = inspect.rowsProperty().get();
        assertEquals(stored.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TokenRow row = rows.get(i);
            TokenEvent event = stored.get(i);
            assertEquals(event.id(), row.id(), "token " + i);
            assertEquals(event.logprob(), row.logProbability(), 1e-3, "teacher forcing gives what the generation saw at " + i);
            assertEquals(event.entropy(), row.entropy(), 1e-3);
            assertEquals(InspectViewModel.TOP_ALTERNATIVES, row.top().size());
            assertEquals(event.top().getFirst().id(), row.top().getFirst().id());
            assertTrue(row.rank() >= 1);
        }
        Inspected inspected = inspect.inspectedProperty().get();
        assertEquals(generator().encode(dev.loupe.inference.Prompt.chat(answer.prompt())).length, inspected.promptTokens());
        double mean = rows.stream().mapToDouble(TokenRow::logProbability).average().orElseThrow();
        assertEquals(mean, inspected.meanLogProbability(), 1e-12);
        assertEquals(Math.exp(-mean), inspected.perplexity(), 1e-9);
        assertTrue(inspect.selectedProperty().get() >= 0);
        assertNotNull(inspect.chartProperty().get(), "the selected step is explained");
    }

    @Test
    void theTopPSliderMovesTheCutExactlyAsTheSamplerDoes() {
        openLastAnswer();
        inspect.topKProperty().set(0);
        inspect.minPProperty().set(0);
        inspect.typicalPProperty().set(1);
        inspect.temperatureProperty().set(1.0);
        inspect.topPProperty().set(0.95);
        int step = inspect.selectedProperty().get();
        SamplingChart wide = inspect.chartProperty().get();
        inspect.topPProperty().set(0.3);
        SamplingChart narrow = inspect.chartProperty().get();

        for (SamplingChart chart : List.of(wide, narrow)) {
            GenerationRequest request = inspect.explainedRequest(step, chart.request().sampler());
            StepExplanation expected = generator().lab().explainStep(request, 0, InspectViewModel.CHART_BARS);
            assertEquals(expected.stage(StepExplanation.Kind.TOP_P).orElseThrow().candidateCount(), chart.cut(StepExplanation.Kind.TOP_P).keptCount());
            assertEquals(expected.chosenId(), chart.chosenId());
            assertEquals(expected.stages().getLast().candidateCount(), chart.finalCandidates());
        }
        assertEquals(0.3, narrow.request().sampler().topP(), 1e-12);
        assertTrue(narrow.cut(StepExplanation.Kind.TOP_P).keptCount() < wide.cut(StepExplanation.Kind.TOP_P).keptCount(),
                "a lower top-p keeps fewer tokens: " + narrow.cut(StepExplanation.Kind.TOP_P) + " vs " + wide.cut(StepExplanation.Kind.TOP_P));
        assertNull(narrow.cut(StepExplanation.Kind.TOP_K), "top-k 0 is off");
        long kept = narrow.bars().stream().filter(SamplingChart.Bar::kept).count();
        assertEquals(Math.min(narrow.finalCandidates(), narrow.bars().size()), kept);

        inspect.topPProperty().set(0);
        assertFalse(inspect.chartProblemProperty().get().isEmpty(), "an invalid top-p is said, not drawn");
        assertEquals(narrow, inspect.chartProperty().get(), "the last good chart stays");

        inspect.resetSampler();
        SamplerSettings answered = inspect.inspectedProperty().get().settings();
        assertEquals(answered, inspect.sliderSettings(), "reset puts the answer's own settings back under the sliders");
        assertEquals("", inspect.chartProblemProperty().get());
        assertEquals(answered, inspect.chartProperty().get().request().sampler(), "and explains the step under them");
    }

    @Test
    void branchingAnAlternativeStoresANewSiblingThatStartsWithIt() {
        MessageViewModel reply = openLastAnswer();
        inspect.select(3);
        TokenRow row = inspect.rowsProperty().get().get(3);
        TopToken alternative = row.top().stream().filter(t -> t.id() != row.id()).findFirst().orElseThrow();
        long computedBefore = ((JlamaTextGenerator) generator()).positionsComputed();

        inspect.branch(alternative.id());

        assertEquals(EngineState.IDLE, inspect.stateProperty().get(), () -> String.valueOf(inspect.errorProperty().get()));
        assertEquals(1, branchesStored.size());
        long branchId = branchesStored.getFirst();
        assertEquals(List.of(reply.id(), branchId), conversations.siblingIds(reply.id()));
        MemoryConversations.Msg branch = conversations.message(branchId);
        List<TokenEvent> original = conversations.message(reply.id()).tokens;
        for (int i = 0; i < 3; i++) {
            assertEquals(original.get(i).id(), branch.tokens.get(i).id(), "the branch keeps the answer before the step");
        }
        assertEquals(alternative.id(), branch.tokens.get(3).id(), "the forced token");
        assertEquals(alternative.prob(), branch.tokens.get(3).prob(), 1e-4);
        for (int i = 0; i < branch.tokens.size(); i++) {
            assertEquals(i, branch.tokens.get(i).index());
        }
        assertTrue(branch.content().startsWith(original.get(0).text() + original.get(1).text() + original.get(2).text()), branch.content());
        assertEquals(branchId, inspect.inspectedProperty().get().answer().orElseThrow().messageId(), "Inspect shows the branch");
        assertEquals(branch.tokens.size(), inspect.rowsProperty().get().size());
        RunEntry logged = runs.runs.getLast();
        assertEquals(Optional.of(branchId), logged.run().messageId(), "the branch is logged as a run of the chat reply it made");
        assertEquals(branch.tokens.size() - 3, logged.run().generatedTokens(), "the run generated the forced token and what followed");
        assertEquals(42, logged.run().seed());
        assertTrue(((JlamaTextGenerator) generator()).positionsComputed() > computedBefore);
    }

    @Test
    void aBranchOfABranchCopiesItsCacheInsteadOfComputingItAgain() {
        openLastAnswer();
        inspect.select(2);
        TokenRow first = inspect.rowsProperty().get().get(2);
        inspect.branch(first.top().stream().filter(t -> t.id() != first.id()).findFirst().orElseThrow().id());
        assertEquals(EngineState.IDLE, inspect.stateProperty().get(), () -> String.valueOf(inspect.errorProperty().get()));

        int step = 6;
        inspect.select(step);
        TokenRow row = inspect.rowsProperty().get().get(step);
        int alternative = row.top().stream().filter(t -> t.id() != row.id()).findFirst().orElseThrow().id();
        JlamaTextGenerator jlama = (JlamaTextGenerator) generator();
        long before = jlama.positionsComputed();
        inspect.branch(alternative);
        long computed = jlama.positionsComputed() - before;

        Inspected second = inspect.inspectedProperty().get();
        int generated = second.rows().size() - step;
        // The fork runs its forced and generated tokens but the last; scoring the new answer prefills it once, and the
        // sampling chart of the step selected then prefills the sequence up to it. No position of the first branch is
        // computed again for the fork.
        int explained = second.promptTokens() + inspect.selectedProperty().get();
        assertEquals(generated - 1 + second.tokenIds().length + explained, computed);
        assertEquals(alternative, second.rows().get(step).id());
    }

    @Test
    void typedTextIsScoredFromItsSecondToken() {
        inspect.textProperty().set("Once upon a time there was a little cat.");
        inspect.inspectText();
        Inspected inspected = inspect.inspectedProperty().get();
        assertEquals(1, inspected.promptTokens());
        assertTrue(inspected.answer().isEmpty());
        assertEquals(inspected.tokenIds().length - 1, inspect.rowsProperty().get().size());
        assertTrue(inspected.perplexity() > 1);
    }

    @Test
    void badInputSaysWhyAndLosesNothing() {
        inspect.textProperty().set("   ");
        inspect.inspectText();
        assertEquals("Type a text to inspect first.", inspect.errorProperty().get().message());
        assertNull(inspect.inspectedProperty().get());

        MessageViewModel reply = chat.messages().getLast();
        conversations.message(reply.id()).tokens.clear();
        chat.inspect(reply);
        inspect.open(handedOver.getLast());
        assertTrue(inspect.errorProperty().get().message().startsWith("This answer has no stored tokens"), inspect.errorProperty().get().message());

        engine.unload();
        inspect.textProperty().set("Once upon a time");
        inspect.inspectText();
        assertEquals("No model is loaded; load one in the Models workspace first.", inspect.errorProperty().get().message());
    }

    @Test
    void theColourModeIsRememberedAndTheTableExports() throws Exception {
        inspect.start();
        inspect.colourModeProperty().set(ColourMode.SURPRISAL);
        assertEquals("surprisal", settings.colourMode);
        InspectViewModel again = new InspectViewModel(runner, engine, conversations, runs, settings, dialogs, Clock.systemUTC());
        again.start();
        assertEquals(ColourMode.SURPRISAL, again.colourModeProperty().get());

        openLastAnswer();
        Path csv = dir.resolve("tokens.csv");
        dialogs.files.add(csv);
        inspect.exportTable();
        String table = Files.readString(csv);
        assertTrue(table.startsWith(TokenTable.CSV_HEADER + "\n"));
        assertEquals(inspect.rowsProperty().get().size() + 1, records(table));
        Path json = dir.resolve("tokens.json");
        dialogs.files.add(json);
        inspect.exportTable();
        String text = Files.readString(json);
        assertTrue(text.startsWith("{\"perplexity\":"), text);
        assertEquals(inspect.rowsProperty().get().size(), text.split("\"step\":").length - 1);
    }

    /** CSV records: line ends outside quoted fields. */
    private static int records(String csv) {
        int count = 0;
        boolean quoted = false;
        for (char c : csv.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                count++;
            }
        }
        return count;
    }

    @Test
    void arrowsMoveTheSelectionWithinTheAnswer() {
        openLastAnswer();
        inspect.select(0);
        inspect.moveSelection(-1);
        assertEquals(0, inspect.selectedProperty().get());
        inspect.moveSelection(+1);
        assertEquals(1, inspect.selectedProperty().get());
        inspect.select(10_000);
        assertEquals(inspect.rowsProperty().get().size() - 1, inspect.selectedProperty().get());
        assertNotEquals(0, inspect.chartProperty().get().bars().size());
    }
}
