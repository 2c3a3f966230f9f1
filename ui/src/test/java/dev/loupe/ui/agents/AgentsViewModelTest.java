package dev.loupe.ui.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.agents.run.AgentLimits;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StepType;
import dev.loupe.agents.run.StopReason;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.MemoryTraces;
import dev.loupe.ui.testing.PumpedTaskRunner;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import dev.loupe.ui.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents workspace's view-model with the real runner, the real built-in tools and a scripted model, on real
 * lanes: the test thread plays the UI thread, so approvals block the run's thread as in the app.
 */
class AgentsViewModelTest {
    private static final String MULTIPLY = "{\"thought\": \"I multiply.\", \"action\": \"calculator\", "
            + "\"arguments\": {\"expression\": \"17 * 23\"}}";
    private static final String ANSWER = "{\"thought\": \"I know it now.\", \"answer\": \"391\"}";

    @TempDir
    Path dir;
    private final PumpedTaskRunner runner = new PumpedTaskRunner();
    private final ScriptedGenerator generator = new ScriptedGenerator("stories-test");
    private final MemoryStores.Settings settings = new MemoryStores.Settings();
    private final MemoryTraces traces = new MemoryTraces();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final EngineViewModel engine = new EngineViewModel(runner, d -> generator);
    private final AgentsViewModel agents = new AgentsViewModel(runner, engine, new TestTools(), traces,
            model -> StepConstraints.NONE, settings, dialogs, TestTools.CLOCK, System::nanoTime);

    @AfterEach
    void stop() {
        runner.close();
    }

    private void loadModel() {
        engine.load(Path.of("/models/stories-test"));
        runner.pumpUntil(() -> engine.current().isPresent());
    }

    private void runToEnd(String task) {
        agents.taskProperty().set(task);
        agents.run();
        awaitEnd();
    }

    private void awaitEnd() {
        runner.pumpUntil(() -> !agents.stateProperty().get().isBusy() && engine.stateProperty().get() == EngineState.IDLE);
    }

    private List<StepType> types() {
        return agents.timeline().stream().map(TimelineEntry::type).toList();
    }

    @Test
    void aRunStreamsTheTimelineWithFiguresAndKeepsTheTrace() {
        loadModel();
        generator.replies(MULTIPLY, ANSWER);
        agents.setup().seedProperty().set("7");
        runToEnd("What is 17 * 23?");

        assertEquals(List.of(StepType.THOUGHT, StepType.ACTION, StepType.OBSERVATION, StepType.THOUGHT, StepType.ANSWER),
                types());
        TimelineEntry action = agents.timeline().get(1);
        assertEquals("calculator", action.tool());
        assertEquals("{\n  \"expression\" : \"17 * 23\"\n}", action.argumentsJson());
        assertEquals("391", agents.timeline().get(2).text());
        assertEquals("391", agents.timeline().get(4).text());
        assertTrue(agents.timeline().get(0).figuresProperty().get().contains("tokens"),
                agents.timeline().get(0).figuresProperty().get());
        assertNull(agents.timeline().get(1).detailsProperty().get(), "details sit on the step's last card");
        StepRecord first = agents.timeline().get(2).detailsProperty().get();
        assertEquals(1, first.step());
        assertEquals(MULTIPLY, first.rawOutput());
        assertTrue(first.prompt().contains("What is 17 * 23?"));
        assertEquals(2, agents.timeline().get(4).detailsProperty().get().step());

        assertEquals(EngineState.IDLE, agents.stateProperty().get());
        assertTrue(agents.statusProperty().get().startsWith("Answered · 2 steps"), agents.statusProperty().get());
        assertTrue(agents.statusProperty().get().endsWith("seed 7 · JSON steps · trace #1"), agents.statusProperty().get());
        StoredTrace stored = traces.find(1).orElseThrow();
        assertEquals(StopReason.ANSWERED, stored.summary().stopReason().orElseThrow());
        assertEquals(2, stored.steps().size());
        assertEquals(7, stored.setup().seed().getAsLong());
        assertEquals(List.of(7L, 8L), generator.requests().stream().map(r -> r.seed()).toList(), "step n uses seed + n - 1");
        runner.pumpUntil(() -> agents.history().size() == 1);
        assertEquals(List.of("calculator", "current_time"), settings.agentSetup.tools(), "the setup is remembered");
    }

    @Test
    void theStepBeingWrittenIsShownLiveAndCancelStopsWithinOneToken() throws Exception {
        loadModel();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lastToken = new AtomicInteger(-1);
        generator.replies(MULTIPLY).afterToken(i -> {
            lastToken.set(i);
            if (i == 3) {
                held.countDown();
                await(release);
            }
        });
        agents.taskProperty().set("What is 17 * 23?");
        agents.run();
        assertTrue(held.await(10, TimeUnit.SECONDS));
        runner.pumpUntil(() -> agents.liveTextProperty().get().split(" ").length == 4);
        assertEquals(1, agents.liveStepProperty().get());
        assertTrue(MULTIPLY.startsWith(agents.liveTextProperty().get()), agents.liveTextProperty().get());
        assertTrue(agents.canCancelProperty().get());

        agents.cancel();
        release.countDown();
        awaitEnd();

        assertTrue(lastToken.get() <= 4, "the model wrote " + (lastToken.get() - 3) + " tokens after the cancel");
        assertEquals(List.of(), types(), "a step cut short is not a step");
        assertEquals("", agents.liveTextProperty().get());
        assertTrue(agents.statusProperty().get().startsWith("Cancelled · 0 steps"), agents.statusProperty().get());
        assertEquals(StopReason.CANCELLED, traces.find(1).orElseThrow().summary().stopReason().orElseThrow());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Grants a folder "notes" with two files and chooses read_file. */
    private Path grantNotes() throws Exception {
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("todo.md"), "Buy milk.");
        Files.writeString(notes.resolve("done.md"), "Fixed the bike.");
        agents.setup().addGrant(notes);
        agents.setup().tools().stream().filter(t -> t.name().equals("read_file")).findFirst().orElseThrow()
                .selectedProperty().set(true);
        return notes;
    }

    private static String read(String path) {
        return "{\"thought\": \"I read the list.\", \"action\": \"read_file\", \"arguments\": {\"path\": \"" + path + "\"}}";
    }

    private ApprovalViewModel awaitApproval() {
        runner.pumpUntil(() -> agents.approvalProperty().get() != null);
        return agents.approvalProperty().get();
    }

    @Test
    void aSensitiveToolWaitsForApprovalAndRunsOnceApproved() throws Exception {
        loadModel();
        grantNotes();
        generator.replies(read("notes/todo.md"), "{\"thought\": \"Done.\", \"answer\": \"Buy milk.\"}");
        agents.taskProperty().set("What is on my list?");
        agents.run();

        ApprovalViewModel approval = awaitApproval();
        assertEquals("read_file", approval.tool());
        assertEquals("I read the list.", approval.thought());
        assertEquals(List.of(StepType.THOUGHT), types(), "nothing runs before the user decides");
        assertEquals(EngineState.GENERATING, agents.stateProperty().get());

        assertTrue(approval.approve());
        awaitEnd();
        assertNull(agents.approvalProperty().get());
        assertEquals(List.of(StepType.THOUGHT, StepType.ACTION, StepType.OBSERVATION, StepType.THOUGHT, StepType.ANSWER),
                types());
        assertEquals("Buy milk.", agents.timeline().get(2).text());
    }

    @Test
    void editedArgumentsAreCheckedAgainstTheSchemaBeforeTheyRun() throws Exception {
        loadModel();
        grantNotes();
        generator.replies(read("notes/todo.md"), ANSWER);
        agents.taskProperty().set("What did I do?");
        agents.run();
        ApprovalViewModel approval = awaitApproval();

        approval.editingProperty().set(true);
        approval.argumentsProperty().set("{\"path\": 5}");
        assertFalse(approval.approve());
        assertEquals("The arguments do not fit read_file: $.path must be a string, not a number.",
                approval.validationProperty().get());
        approval.argumentsProperty().set("{\"path\": ");
        assertFalse(approval.approve());
        assertTrue(approval.validationProperty().get().startsWith("The arguments are not JSON: "),
                approval.validationProperty().get());
        approval.argumentsProperty().set("{\"path\": \"notes/done.md\"}");
        assertEquals("", approval.validationProperty().get());
        assertTrue(approval.approve());
        awaitEnd();

        assertEquals("notes/done.md", agents.timeline().get(2).detailsProperty().get().arguments().path("path").asText());
        assertTrue(agents.timeline().get(1).argumentsJson().contains("notes/done.md"), "the action shows what ran");
        assertEquals("Fixed the bike.", agents.timeline().get(2).text());
        assertEquals("notes/done.md", traces.find(1).orElseThrow().steps().getFirst().arguments().path("path").asText());
    }

    @Test
    void aRejectionsReasonIsWhatTheModelIsTold() throws Exception {
        loadModel();
        grantNotes();
        generator.replies(read("notes/todo.md"), ANSWER);
        agents.taskProperty().set("Read my list");
        agents.run();
        ApprovalViewModel approval = awaitApproval();
        approval.reasonProperty().set("That list is private.");
        approval.reject();
        awaitEnd();

        assertEquals(List.of(StepType.THOUGHT, StepType.ACTION, StepType.OBSERVATION, StepType.THOUGHT, StepType.ANSWER),
                types());
        assertEquals("The user rejected this action: That list is private.", agents.timeline().get(2).text());
        assertTrue(generator.requests().get(1).prompt().toString().contains("That list is private."),
                "the next step's prompt carries the reason");
    }

    @Test
    void cancelWhileAnApprovalWaitsEndsTheRun() throws Exception {
        loadModel();
        grantNotes();
        generator.replies(read("notes/todo.md"), ANSWER);
        agents.taskProperty().set("Read my list");
        agents.run();
        awaitApproval();
        agents.cancel();
        awaitEnd();

        assertNull(agents.approvalProperty().get());
        assertTrue(agents.statusProperty().get().startsWith("Cancelled · 1 step"), agents.statusProperty().get());
        assertEquals(1, generator.requests().size(), "no step after the cancel");
        assertEquals("The user rejected this action: The run was cancelled before the user decided.",
                traces.find(1).orElseThrow().steps().getFirst().observation());
    }

    @Test
    void withoutAModelOrWithBadSettingsTheRunSaysWhyAndKeepsTheTask() {
        agents.taskProperty().set("What is 2 + 2?");
        agents.run();
        assertEquals("No model is loaded; load one in the Models workspace first.",
                agents.errorProperty().get().message());
        assertFalse(agents.canRunProperty().get());

        loadModel();
        agents.setup().maxStepsProperty().set("zero");
        assertEquals("Max steps must be a whole number, got 'zero'.", agents.setup().validationProperty().get());
        agents.run();
        assertEquals("Max steps must be a whole number, got 'zero'.", agents.errorProperty().get().message());
        agents.setup().maxStepsProperty().set("4");
        agents.setup().addGrant(dir.resolve("missing"));
        assertTrue(agents.errorProperty().get().message().endsWith("missing is not a folder; grant folders only."),
                agents.errorProperty().get().message());
        assertEquals("What is 2 + 2?", agents.taskProperty().get());
        assertTrue(generator.requests().isEmpty());
        assertTrue(agents.timeline().isEmpty());
    }

    @Test
    void aStoredTraceOpensReplaysRunsAgainWithItsSeedAndIsDeleted() {
        loadModel();
        generator.replies(MULTIPLY, ANSWER, MULTIPLY, ANSWER);
        runToEnd("What is 17 * 23?");
        long seed = generator.requests().getFirst().seed();
        agents.newRun();
        assertTrue(agents.timeline().isEmpty());

        agents.open(1);
        runner.pumpUntil(() -> agents.viewingProperty().get() != null);
        assertEquals(5, agents.timeline().size());
        assertEquals(StepType.ANSWER, agents.timeline().getLast().type());
        assertTrue(agents.statusProperty().get().contains("seed " + seed), agents.statusProperty().get());

        agents.replay();
        assertTrue(agents.replayingProperty().get());
        assertTrue(agents.timeline().isEmpty());
        int shown = 0;
        while (agents.replayNext()) {
            shown++;
            assertEquals(shown, agents.timeline().size());
        }
        assertEquals(5, shown);
        assertFalse(agents.replayingProperty().get());

        agents.setup().seedProperty().set("");
        agents.taskProperty().set("something else");
        agents.rerun();
        awaitEnd();
        assertEquals("What is 17 * 23?", agents.taskProperty().get());
        assertEquals(seed, generator.requests().get(2).seed(), "the re-run repeats the trace's draw");
        runner.pumpUntil(() -> agents.history().size() == 2);
        assertNull(agents.viewingProperty().get());

        agents.open(1);
        runner.pumpUntil(() -> agents.viewingProperty().get() != null);
        agents.delete(agents.history().getLast());
        runner.pumpUntil(() -> agents.history().size() == 1);
        assertNull(agents.viewingProperty().get(), "the deleted trace is closed");
        assertTrue(traces.find(1).isEmpty());
    }

    @Test
    void theLastSetupComesBackAtTheNextStart() throws Exception {
        Path notes = Files.createDirectories(dir.resolve("notes"));
        settings.agentSetup = new AgentSetup(List.of("current_time", "list_files"), List.of(notes), "",
                new AgentLimits(3, 2_500, 60_000, 128), 0.2, OptionalLong.of(11));
        agents.start();
        runner.pumpUntil(() -> agents.setup().seedProperty().get().equals("11"));
        AgentSetupViewModel setup = agents.setup();
        assertEquals(List.of("current_time", "list_files"),
                setup.tools().stream().filter(t -> t.selectedProperty().get()).map(ToolChoice::name).toList());
        assertEquals(List.of(notes), setup.grants());
        assertEquals("3", setup.maxStepsProperty().get());
        assertEquals("2.5", setup.toolTimeoutSecondsProperty().get());
        assertEquals("60", setup.budgetSecondsProperty().get());
        assertEquals("0.2", setup.temperatureProperty().get());
        assertEquals(settings.agentSetup, setup.setup());
        assertTrue(setup.tools().stream().filter(t -> t.name().equals("read_file")).findFirst().orElseThrow()
                .descriptionProperty().get().contains("[notes]"), "the file tools name the granted folders");
    }

    @Test
    void aFieldEditedBeforeTheLastSetupIsReadIsKept() {
        settings.agentSetup = AgentSetup.DEFAULTS.withSeed(5);
        traces.start(TestTools.CLOCK.instant(), "stories-test", "an old run", AgentSetup.DEFAULTS.withSeed(1));
        agents.start();
        agents.setup().maxStepsProperty().set("2");
        // The storage lane answers in order: once the history is shown, the setup read before it was handled.
        runner.pumpUntil(() -> agents.history().size() == 1);
        assertEquals("", agents.setup().seedProperty().get(), "the late read did not overwrite the fields");
        assertEquals("2", agents.setup().maxStepsProperty().get());
    }

    @Test
    void anInvalidStepShowsWhatTheModelWroteOnItsObservation() {
        loadModel();
        generator.replies("Once upon a time", MULTIPLY, ANSWER);
        runToEnd("What is 17 * 23?");

        assertEquals(List.of(StepType.OBSERVATION, StepType.THOUGHT, StepType.ACTION, StepType.OBSERVATION,
                StepType.THOUGHT, StepType.ANSWER), types());
        assertTrue(agents.timeline().getFirst().text().startsWith("Invalid step: "), agents.timeline().getFirst().text());
        assertEquals("Once upon a time", agents.timeline().getFirst().unparsedOutputProperty().get());
        assertEquals("", agents.timeline().get(3).unparsedOutputProperty().get(), "a tool's observation is its own");
        assertTrue(agents.timeline().getFirst().figuresProperty().get().startsWith("4 tokens · "),
                agents.timeline().getFirst().figuresProperty().get());
    }

    @Test
    void choosingSearchDocumentsListsTheCollections() {
        AgentSetupViewModel setup = agents.setup();
        assertTrue(setup.collections().isEmpty(), "the library is not opened before the tool is chosen");
        setup.tools().stream().filter(t -> t.name().equals("search_documents")).findFirst().orElseThrow()
                .selectedProperty().set(true);
        runner.pumpUntil(() -> !setup.collections().isEmpty());
        assertEquals(List.of("notes", "papers"), setup.collections());
        setup.collectionProperty().set("papers");
        assertEquals("papers", setup.setup().collection());
        assertEquals(List.of("calculator", "current_time", "search_documents"), setup.setup().tools());
    }
}
