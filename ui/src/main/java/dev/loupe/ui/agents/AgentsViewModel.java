package dev.loupe.ui.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.agents.run.AgentListener;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.AgentRunner;
import dev.loupe.agents.run.AgentStep;
import dev.loupe.agents.run.NativeToolFormat;
import dev.loupe.agents.run.Replay;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StepType;
import dev.loupe.agents.run.StopReason;
import dev.loupe.agents.run.ToolFormat;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.task.TaskRunner;
import dev.loupe.ui.task.UiCoalescer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents workspace: runs a task with the loaded model and the chosen tools, streams the timeline in (the text
 * of the step being written, then its thought, action, observation or answer), asks for approvals inline, records
 * every run as a trace, and reopens, replays, re-runs and deletes stored traces.
 *
 * <p>Threads: UI thread only. A run goes to the engine lane, where {@link AgentRunner#run} blocks, approvals
 * included (the UI thread never waits). Its events reach the UI through a {@link UiCoalescer}: at most one pending
 * hand-off, never one per token. Before step 1, on the same lane, the run starts the MCP servers its chosen tools
 * come from (closed when it ends) and prepares the step constraint, and the live card says so. Each step is written to the {@link TraceRepository} on the run's thread as soon as
 * it is done, so a crash keeps it; traces are read and deleted on the storage lane.
 */
public final class AgentsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(AgentsViewModel.class);
    /** Traces the history lists. */
    static final int HISTORY_LIMIT = 200;
    static final String WRITING = "Writing…";
    static final String PREPARING = "Preparing…";
    /** What the live card says while the step constraint compiles (about a second on a large vocabulary). */
    static final String PREPARING_FORMAT = "Preparing the step format…";

    private final TaskRunner runner;
    private final EngineViewModel engine;
    private final ToolCatalog catalog;
    private final TraceRepository traces;
    private final StepFormats formats;
    private final DialogService dialogs;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final AgentSetupViewModel setup;

    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final StringProperty task = new SimpleStringProperty(this, "task", "");
    private final ObservableList<TimelineEntry> timeline = FXCollections.observableArrayList();
    private final ObservableList<TimelineEntry> timelineView = FXCollections.unmodifiableObservableList(timeline);
    private final ReadOnlyStringWrapper liveText = new ReadOnlyStringWrapper(this, "liveText", "");
    private final ReadOnlyIntegerWrapper liveStep = new ReadOnlyIntegerWrapper(this, "liveStep", 0);
    private final ReadOnlyStringWrapper liveKind = new ReadOnlyStringWrapper(this, "liveKind", WRITING);
    private final ReadOnlyObjectWrapper<ApprovalViewModel> approval = new ReadOnlyObjectWrapper<>(this, "approval");
    private final ObservableList<TraceSummary> history = FXCollections.observableArrayList();
    private final ObservableList<TraceSummary> historyView = FXCollections.unmodifiableObservableList(history);
    private final ReadOnlyObjectWrapper<StoredTrace> viewing = new ReadOnlyObjectWrapper<>(this, "viewing");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(this, "canRun");
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper(this, "replaying");
    private final Deque<TimelineEntry> replayQueue = new ArrayDeque<>();
    private LiveRun running;
    private boolean started;

    /**
     * @param formats the step constraints and chat template of a model; {@code model -> StepConstraints.NONE}
     *                leaves the output free and the runner validates each step
     * @param nanoClock {@link System#nanoTime} in the app
     */
    public AgentsViewModel(TaskRunner runner, EngineViewModel engine, ToolCatalog catalog, TraceRepository traces,
                           StepFormats formats, UiSettings settings,
                           DialogService dialogs, Clock clock, LongSupplier nanoClock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.traces = Objects.requireNonNull(traces, "traces");
        this.formats = Objects.requireNonNull(formats, "formats");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.setup = new AgentSetupViewModel(runner, catalog, settings, dialogs, this::showError);
        engine.generatorProperty().addListener(o -> updateAbilities());
        engine.stateProperty().addListener(o -> updateAbilities());
        state.addListener(o -> updateAbilities());
        task.addListener(o -> updateAbilities());
        updateAbilities();
    }

    /** Reads the last setup and the history, the first time the workspace is shown; later calls refresh the history. */
    public void start() {
        if (!started) {
            started = true;
            setup.load();
        }
        refreshHistory();
    }

    /** Runs the task with the loaded model and the setup; the timeline streams in. Keeps the task when something is wrong. */
    public void run() {
        if (state.get().isBusy()) {
            return;
        }
        String text = task.get() == null ? "" : task.get().strip();
        if (text.isEmpty()) {
            showError(UserError.of("Type a task for the agent first."));
            return;
        }
        Optional<TextGenerator> model = engine.current();
        if (model.isEmpty()) {
            showError(UserError.of(engine.stateProperty().get() == EngineState.LOADING
                    ? "The model is still loading; run again when the status bar says it is ready."
                    : "No model is loaded; load one in the Models workspace first."));
            return;
        }
        if (engine.stateProperty().get().isBusy()) {
            showError(UserError.of("The engine is busy; wait for it to finish before running the agent."));
            return;
        }
        AgentSetup chosen;
        List<Tool> builtIn;
        try {
            chosen = setup.setup();
            builtIn = catalog.tools(chosen.grants(), chosen.collection());
        } catch (InvalidSettingsException | ToolException e) {
            showError(UserError.of(e.getMessage()));
            return;
        }
        setup.remember(chosen);
        long seed = chosen.seed().orElseGet(GenerationRequest::randomSeed);
        AgentSetup used = chosen.withSeed(seed);
        TextGenerator generator = model.get();
        String modelId = generator.info().name();

        stopReplay();
        viewing.set(null);
        timeline.clear();
        error.set(null);
        status.set("Running " + modelId + " with " + (used.tools().isEmpty() ? "no tools"
                : String.join(", ", used.tools())) + " · seed " + seed + "…");
        LiveRun live = new LiveRun();
        running = live;
        state.set(EngineState.GENERATING);
        engine.generationStarted();
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            List<ToolCatalog.ConnectedServer> started = new ArrayList<>();
            try {
                List<Tool> offered = new ArrayList<>(builtIn);
                for (McpServerSetup server : used.mcpServers()) {
                    if (server.tools().stream().anyMatch(t -> used.tools().contains(t.name()))) {
                        live.prepare("Starting the MCP server " + server.label() + "…");
                        ToolCatalog.ConnectedServer connected = catalog.connect(server);
                        started.add(connected);
                        offered.addAll(connected.tools());
                    }
                }
                List<Tool> tools = select(offered, used.tools());
                live.prepare(PREPARING_FORMAT);
                StepConstraints constraints = formats.constraints(generator);
                ToolFormat format = format(used.toolFormat(), generator);
                // Compiled here, while the timeline says so; the runner finds it compiled.
                format.constraint(constraints, tools);
                live.format = format;
                Map<String, JsonNode> schemas = new LinkedHashMap<>();
                tools.forEach(t -> schemas.put(t.name(), t.argumentsSchema()));
                UiApprovalGate gate = new UiApprovalGate(runner, schemas, live.cancel, this::showApproval);
                AgentRunner agent = new AgentRunner(generator, tools, gate, used.limits(),
                        SamplerSettings.DEFAULTS.withTemperature(used.temperature()), seed, constraints, nanoClock,
                        format);
                live.traceId = traces.start(clock.instant(), modelId, text, used);
                AgentResult result = agent.run(text, live.cancel, live);
                traces.finish(live.traceId, result);
                return result;
            } finally {
                // The servers live as long as the run (decision 0070).
                started.forEach(ToolCatalog.ConnectedServer::close);
            }
        }, result -> finished(live, result, seed), failure -> failed(live, failure));
    }

    /** The format the choice means for {@code model}. Blocks (reads the chat template); engine lane. */
    private ToolFormat format(ToolFormatChoice choice, TextGenerator model) {
        return switch (choice) {
            case REACT -> ToolFormat.REACT;
            case AUTO -> formats.chatTemplate(model).flatMap(NativeToolFormat::detect).<ToolFormat>map(f -> f)
                    .orElse(ToolFormat.REACT);
            case NATIVE -> formats.chatTemplate(model).flatMap(NativeToolFormat::detect).orElseThrow(() ->
                    new ToolException(model.info().name() + " has no chat template that handles tools with "
                            + "<tool_call> tags; choose Auto or JSON steps as the tool format."));
        };
    }

    /** The chosen tools in the order chosen. */
    private static List<Tool> select(List<Tool> offered, List<String> names) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        offered.forEach(t -> byName.putIfAbsent(t.name(), t));
        List<Tool> chosen = new ArrayList<>();
        for (String name : names) {
            Tool tool = byName.get(name);
            if (tool == null) {
                throw new ToolException("The tool " + name + " is not offered any more; choose the tools again"
                        + " (connect its MCP server again if it came from one).");
            }
            chosen.add(tool);
        }
        return chosen;
    }

    /** Stops the run within one token or one tool call; an approval being asked for is rejected. */
    public void cancel() {
        if (running != null && state.get() == EngineState.GENERATING) {
            running.cancel.cancel();
            approval.set(null);
            state.set(EngineState.CANCELLING);
            engine.generationCancelling();
        }
    }

    private void finished(LiveRun live, AgentResult result, long seed) {
        live.publish();
        end(live);
        status.set(outcome(result.stopReason(), result.records().size(), result.totalMillis()) + " · seed " + seed
                + " · " + describe(live.format) + " · trace #" + live.traceId);
        state.set(EngineState.IDLE);
        engine.generationEnded(Optional.empty());
        refreshHistory();
    }

    private void failed(LiveRun live, Throwable failure) {
        LOG.warn("The agent run failed", failure);
        live.publish();
        end(live);
        UserError problem = UserError.from(failure, "run the agent");
        status.set("Failed: " + problem.message());
        engine.generationEnded(Optional.of(problem));
        error.set(problem);
        state.set(EngineState.ERROR);
        refreshHistory();
    }

    private void end(LiveRun live) {
        if (running == live) {
            running = null;
        }
        approval.set(null);
        liveText.set("");
        liveStep.set(0);
        liveKind.set(WRITING);
    }

    /** Leaves a stored trace and shows an empty timeline for a new run. */
    public void newRun() {
        if (state.get().isBusy()) {
            return;
        }
        stopReplay();
        viewing.set(null);
        timeline.clear();
        status.set("");
        dismissError();
    }

    /** Opens a stored trace read-only: its timeline with every step's details. */
    public void open(long traceId) {
        if (state.get().isBusy()) {
            showError(UserError.of("Wait for the run to end (or cancel it) before opening a trace."));
            return;
        }
        state.set(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> traces.find(traceId), found -> {
            if (found.isEmpty()) {
                showError(UserError.of("That trace is no longer stored; it was deleted."));
                refreshHistory();
                return;
            }
            stopReplay();
            StoredTrace trace = found.get();
            viewing.set(trace);
            timeline.setAll(entriesOf(trace.steps()));
            status.set(describe(trace));
            error.set(null);
            state.set(EngineState.IDLE);
        }, failure -> fail(failure, "open the trace"));
    }

    /** Plays the open trace's timeline back from the start, one entry per {@link #replayNext} call. */
    public void replay() {
        StoredTrace trace = viewing.get();
        if (trace == null || state.get().isBusy()) {
            return;
        }
        replayQueue.clear();
        replayQueue.addAll(entriesOf(trace.steps()));
        timeline.clear();
        replaying.set(!replayQueue.isEmpty());
    }

    /** Shows the next entry of a replay; false when there is none left (the replay is over). */
    public boolean replayNext() {
        if (!replaying.get()) {
            return false;
        }
        timeline.add(replayQueue.removeFirst());
        replaying.set(!replayQueue.isEmpty());
        return true;
    }

    /** Ends a replay at once, showing the whole timeline. */
    public void stopReplay() {
        timeline.addAll(replayQueue);
        replayQueue.clear();
        replaying.set(false);
    }

    /** Runs the open trace's task again with its setup and seed, on the loaded model. */
    public void rerun() {
        StoredTrace trace = viewing.get();
        if (trace == null || state.get().isBusy()) {
            return;
        }
        List<String> offered = new ArrayList<>(setup.tools().stream().map(ToolChoice::name).toList());
        trace.setup().mcpServers().forEach(s -> s.tools().forEach(t -> offered.add(t.name())));
        List<String> gone = trace.setup().tools().stream().filter(t -> !offered.contains(t)).toList();
        if (!gone.isEmpty()) {
            showError(UserError.of("This run used " + String.join(", ", gone) + ", which is not offered any more."));
            return;
        }
        setup.apply(trace.setup());
        task.set(trace.summary().task());
        run();
    }

    /** Deletes a stored trace after asking. */
    public void delete(TraceSummary trace) {
        if (!dialogs.confirm("Delete trace", "Delete the run “" + shorten(trace.task()) + "” and all its steps?")) {
            return;
        }
        runner.submit(TaskRunner.Lane.STORAGE, () -> traces.delete(trace.id()), deleted -> {
            StoredTrace open = viewing.get();
            if (open != null && open.summary().id() == trace.id()) {
                newRun();
            }
            refreshHistory();
        }, failure -> fail(failure, "delete the trace"));
    }

    /** Reads the history again. */
    public void refreshHistory() {
        runner.submit(TaskRunner.Lane.STORAGE, () -> traces.recent(HISTORY_LIMIT), history::setAll,
                failure -> fail(failure, "list the agent traces"));
    }

    /** Hides the error. */
    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            state.set(EngineState.IDLE);
        }
    }

    /** The timeline of stored records, each card with its step's figures and the last one with its details. */
    static List<TimelineEntry> entriesOf(List<StepRecord> records) {
        List<TimelineEntry> entries = Replay.timeline(records).stream().map(TimelineEntry::new).toList();
        for (StepRecord record : records) {
            attach(entries, record);
        }
        return entries;
    }

    private static void attach(List<TimelineEntry> entries, StepRecord record) {
        List<TimelineEntry> ofStep = entries.stream().filter(e -> e.step() == record.step()).toList();
        boolean noAction = ofStep.stream().noneMatch(e -> e.type() == StepType.ACTION);
        for (int i = 0; i < ofStep.size(); i++) {
            ofStep.get(i).finish(record, i == ofStep.size() - 1, noAction);
        }
    }

    /** How the status line names the tool format a run used. */
    private static String describe(ToolFormat format) {
        return format instanceof NativeToolFormat ? "native tool calls" : "JSON steps";
    }

    private static String describe(StoredTrace trace) {
        TraceSummary s = trace.summary();
        String seed = trace.setup().seed().isPresent() ? Long.toString(trace.setup().seed().getAsLong()) : "?";
        String head = s.stopReason().isEmpty() ? "Did not finish · " + steps(trace.steps().size())
                : outcome(s.stopReason().get(), trace.steps().size(), s.totalMillis().orElse(0));
        return head + " · seed " + seed + " · " + s.modelId() + " · trace #" + s.id();
    }

    /** How a run ended, in short: "Answered · 3 steps · 1,234 ms". */
    static String outcome(StopReason reason, int steps, double totalMillis) {
        return reasonText(reason) + " · " + steps(steps) + " · " + Figures.millis(totalMillis);
    }

    private static String steps(int count) {
        return count + (count == 1 ? " step" : " steps");
    }

    /** How a stop reason reads in the history and the status line. */
    public static String reasonText(StopReason reason) {
        return switch (reason) {
            case ANSWERED -> "Answered";
            case MAX_STEPS -> "Step limit reached";
            case TIME_BUDGET -> "Time budget used up";
            case CANCELLED -> "Cancelled";
            case CONTEXT_FULL -> "Context full";
        };
    }

    private static String shorten(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() <= 60 ? line : line.substring(0, 59) + "…";
    }

    private void showApproval(ApprovalViewModel value) {
        approval.set(value);
    }

    private void fail(Throwable failure, String doing) {
        LOG.warn("Could not {}", doing, failure);
        showError(UserError.from(failure, doing));
    }

    private void showError(UserError value) {
        error.set(value);
        if (!state.get().isBusy() || state.get() == EngineState.LOADING) {
            state.set(EngineState.ERROR);
        }
    }

    private void updateAbilities() {
        boolean busy = state.get().isBusy() || engine.stateProperty().get().isBusy();
        String text = task.get();
        canRun.set(!busy && engine.current().isPresent() && text != null && !text.isBlank());
        canCancel.set(state.get() == EngineState.GENERATING);
    }

    /**
     * One run streaming in. The listener methods run on the engine thread; {@link #publish} on the UI thread.
     * Fields below the lock comment are guarded by {@code this}.
     */
    private final class LiveRun implements AgentListener {
        final CancellationToken cancel = new CancellationToken();
        final UiCoalescer coalescer = new UiCoalescer(runner, this::publish);
        /** Written on the engine thread before the run starts, read on the UI thread after it ended. */
        volatile long traceId;
        /** Written on the engine thread before the run starts, read on the UI thread after it ended. */
        volatile ToolFormat format = ToolFormat.REACT;
        // guarded by this
        private final List<Object> events = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int nextStep = 1;
        private int writingStep;
        /** What happens before step 1 is written (servers start, the constraint compiles); empty once it is. */
        private String preparing = "";

        /** Shows what the run is preparing in the live card until the model writes. Engine thread. */
        void prepare(String what) {
            synchronized (this) {
                preparing = what;
            }
            coalescer.request();
        }

        @Override
        public void onStep(AgentStep step) {
            synchronized (this) {
                events.add(step);
                text.setLength(0);
                writingStep = 0;
            }
            coalescer.request();
        }

        @Override
        public void onText(String delta) {
            synchronized (this) {
                if (writingStep == 0) {
                    writingStep = nextStep;
                }
                preparing = "";
                text.append(delta);
            }
            coalescer.request();
        }

        @Override
        public void onRecord(StepRecord record) {
            traces.appendStep(traceId, record);
            synchronized (this) {
                events.add(record);
                nextStep = record.step() + 1;
            }
            coalescer.request();
        }

        /** Shows the new entries, the figures of finished steps and the text being written. UI thread. */
        void publish() {
            List<Object> batch;
            String now;
            int step;
            String phase;
            synchronized (this) {
                batch = List.copyOf(events);
                events.clear();
                now = text.toString();
                step = writingStep;
                phase = preparing;
            }
            for (Object event : batch) {
                if (event instanceof AgentStep entry) {
                    timeline.add(new TimelineEntry(entry));
                } else {
                    attach(timeline, (StepRecord) event);
                }
            }
            if (running == this) {
                boolean before = step == 0 && !phase.isEmpty();
                liveKind.set(before ? PREPARING : WRITING);
                liveText.set(before ? phase : now);
                liveStep.set(before ? 1 : step);
            }
        }
    }

    public AgentSetupViewModel setup() {
        return setup;
    }

    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The task to run. */
    public StringProperty taskProperty() {
        return task;
    }

    /** The cards of the run streaming in, or of the open trace. */
    public ObservableList<TimelineEntry> timeline() {
        return timelineView;
    }

    /** The text the model is writing for the current step; empty between steps. */
    public ReadOnlyStringProperty liveTextProperty() {
        return liveText.getReadOnlyProperty();
    }

    /** What the live card shows: the model writing, or the run preparing step 1. */
    public ReadOnlyStringProperty liveKindProperty() {
        return liveKind.getReadOnlyProperty();
    }

    /** The number of the step being written; 0 when none is. */
    public ReadOnlyIntegerProperty liveStepProperty() {
        return liveStep.getReadOnlyProperty();
    }

    /** The action waiting for the user's approval; null when none is. */
    public ReadOnlyObjectProperty<ApprovalViewModel> approvalProperty() {
        return approval.getReadOnlyProperty();
    }

    /** The stored traces, newest first. */
    public ObservableList<TraceSummary> history() {
        return historyView;
    }

    /** The stored trace shown read-only; null while showing a run of this session or an empty timeline. */
    public ReadOnlyObjectProperty<StoredTrace> viewingProperty() {
        return viewing.getReadOnlyProperty();
    }

    /** How the run is going or how it ended, in one line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    /** Whether a replay is playing the open trace back. */
    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }
}
