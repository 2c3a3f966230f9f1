package dev.loupe.ui.compare;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.lab.ArenaJudge;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonRun;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.lab.JudgeVerdict;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.ui.chat.ConversationRepository;
import dev.loupe.ui.chat.ConversationSummary;
import dev.loupe.ui.chat.PresetRepository;
import dev.loupe.ui.chat.ReplySetup;
import dev.loupe.ui.chat.ReplyTimings;
import dev.loupe.ui.chat.SamplerPreset;
import dev.loupe.ui.chat.StoredMessage;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.engine.ModelLoader;
import dev.loupe.ui.format.SettingFields;
import dev.loupe.ui.models.ModelLibrary;
import dev.loupe.ui.runs.NewRun;
import dev.loupe.ui.runs.RunOrigin;
import dev.loupe.ui.runs.RunRepository;
import dev.loupe.ui.task.TaskRunner;
import dev.loupe.ui.task.UiCoalescer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Compare workspace: one prompt run under two to four columns, each with its own model, preset, sampler
 * fields and seed (or one seed locked across columns), with the figures of every run, an optional arena judge,
 * saved comparisons that can be reopened and run again, and "send to chat".
 *
 * <p>Columns on the same model run through {@link dev.loupe.inference.ModelLab#compare} and share one prefill of the
 * prompt; each streams into its own column as it runs (the runs of one model take turns on its inference thread).
 * Columns on a model other than the loaded one load it with the {@link ModelLoader}, next to the loaded model, one
 * model at a time, and close it when its columns are done, so at most two models are in memory.
 *
 * <p>UI thread only: inputs are read when an action starts; the engine work runs on the engine lane, storage on the
 * storage lane, and tokens reach the columns through one {@link UiCoalescer}.
 */
public final class CompareViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(CompareViewModel.class);

    public static final int MIN_COLUMNS = ArenaJudge.MIN_ANSWERS;
    public static final int MAX_COLUMNS = ArenaJudge.MAX_ANSWERS;
    static final int DEFAULT_MAX_TOKENS = 64;
    static final int SAVED_SHOWN = 200;
    private static final int PREVIEW_CHARS = 500;

    private final TaskRunner runner;
    private final EngineViewModel engine;
    private final ModelLoader loader;
    private final ModelLibrary library;
    private final PresetRepository presets;
    private final ComparisonRepository comparisons;
    private final ConversationRepository conversations;
    private final RunRepository runs;
    private final Clock clock;
    private final UiCoalescer streaming;

    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty maxTokens = new SimpleStringProperty(this, "maxTokens", Integer.toString(DEFAULT_MAX_TOKENS));
    private final BooleanProperty seedLocked = new SimpleBooleanProperty(this, "seedLocked", true);
    private final StringProperty lockedSeed = new SimpleStringProperty(this, "lockedSeed", "42");
    private final ObservableList<CompareColumnViewModel> columns = FXCollections.observableArrayList();
    private final ObservableList<CompareColumnViewModel> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ObservableList<ModelChoice> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<SamplerPreset> presetList = FXCollections.observableArrayList();
    private final ObservableList<SamplerPreset> presetListView = FXCollections.unmodifiableObservableList(presetList);
    private final ObservableList<ComparisonSummary> saved = FXCollections.observableArrayList();
    private final ObservableList<ComparisonSummary> savedView = FXCollections.unmodifiableObservableList(saved);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ObjectProperty<ModelChoice> judgeModel = new SimpleObjectProperty<>(this, "judgeModel");
    private final StringProperty criteria = new SimpleStringProperty(this, "criteria", ArenaJudge.DEFAULT_CRITERIA);
    private final ReadOnlyObjectWrapper<SavedVerdict> verdict = new ReadOnlyObjectWrapper<>(this, "verdict");
    private final ReadOnlyObjectWrapper<Long> currentId = new ReadOnlyObjectWrapper<>(this, "currentId");
    private final ReadOnlyBooleanWrapper canAddColumn = new ReadOnlyBooleanWrapper(this, "canAddColumn");
    private final ReadOnlyBooleanWrapper canRemoveColumn = new ReadOnlyBooleanWrapper(this, "canRemoveColumn");

    /** The prompt the columns' answers continue (the field may have been edited since). */
    private String answeredPrompt = "";
    /** Touched on the UI thread; the engine thread only reads the column list it was handed. */
    private CancellationToken cancel;
    private List<CompareColumnViewModel> runningColumns = List.of();
    private int runningMaxTokens = 1;
    private volatile int runningPosition = -1;
    private LongConsumer sendToChat = id -> {};

    public CompareViewModel(TaskRunner runner, EngineViewModel engine, ModelLoader loader, ModelLibrary library, PresetRepository presets,
                            ComparisonRepository comparisons, ConversationRepository conversations, RunRepository runs, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.library = Objects.requireNonNull(library, "library");
        this.presets = Objects.requireNonNull(presets, "presets");
        this.comparisons = Objects.requireNonNull(comparisons, "comparisons");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.streaming = new UiCoalescer(runner, this::showStreams);
        engine.modelProperty().addListener((obs, old, now) -> offerLoadedModel(now));
        columns.addListener((javafx.collections.ListChangeListener<CompareColumnViewModel>) c -> updateColumns());
        state.addListener(o -> updateColumns());
        offerLoadedModel(engine.modelProperty().get());
    }

    /** Called with the id of the conversation "send to chat" created, to show it. */
    public void onSendToChat(LongConsumer action) {
        this.sendToChat = Objects.requireNonNull(action, "action");
    }

    /**
     * Reads the presets, the models folder and the saved comparisons. The first time, shows the newest saved comparison,
     * so the workspace comes back as it was left, or sets up two columns.
     */
    public void refresh() {
        boolean first = columns.isEmpty();
        runner.submit(TaskRunner.Lane.STORAGE, () -> new Stored(presets.list(), comparisons.list(SAVED_SHOWN),
                first ? comparisons.list(1).stream().findFirst().flatMap(s -> comparisons.find(s.id())) : Optional.empty()), stored -> {
            presetList.setAll(stored.presets());
            saved.setAll(stored.saved());
            if (columns.isEmpty()) {
                stored.last().ifPresentOrElse(this::show, () -> {
                    addColumn();
                    addColumn();
                });
            }
        }, failure -> fail(failure, "read the presets and saved comparisons"));
        runner.submit(TaskRunner.Lane.FILES, library::list, this::offerFolder,
                failure -> LOG.warn("Listing the models folder for Compare failed", failure));
    }

    private record Stored(List<SamplerPreset> presets, List<ComparisonSummary> saved, Optional<SavedComparison> last) {}

    private void offerLoadedModel(ModelInfo loaded) {
        if (loaded == null) {
            return;
        }
        ModelChoice choice = choiceOf(loaded.name(), loaded.dir());
        for (CompareColumnViewModel column : columns) {
            if (column.modelProperty().get() == null) {
                column.modelProperty().set(choice);
            }
        }
        if (judgeModel.get() == null) {
            judgeModel.set(choice);
        }
    }

    private void offerFolder(List<ModelCatalog.Entry> entries) {
        for (ModelCatalog.Entry entry : entries) {
            entry.info().ifPresent(info -> choiceOf(entry.dir().getFileName().toString(), entry.dir()));
        }
    }

    /** The listed choice for {@code dir}, added to the list when new. */
    private ModelChoice choiceOf(String name, Path dir) {
        ModelChoice candidate = new ModelChoice(name, dir);
        for (ModelChoice known : models) {
            if (known.sameModel(candidate.dir())) {
                return known;
            }
        }
        models.add(candidate);
        return candidate;
    }

    /** Adds a column set up as the last one (or the loaded model and first preset), up to {@value #MAX_COLUMNS}. */
    public void addColumn() {
        if (columns.size() >= MAX_COLUMNS || state.get().isBusy()) {
            return;
        }
        Optional<SamplerPreset> firstPreset = presetList.stream().findFirst();
        ModelChoice model = engine.modelProperty().get() == null ? null
                : choiceOf(engine.modelProperty().get().name(), engine.modelProperty().get().dir());
        CompareColumnViewModel column;
        if (columns.isEmpty()) {
            column = new CompareColumnViewModel(model, firstPreset);
        } else {
            CompareColumnViewModel last = columns.getLast();
            column = new CompareColumnViewModel(last.modelProperty().get(), Optional.ofNullable(last.presetProperty().get()).or(() -> firstPreset));
            column.temperatureProperty().set(last.temperatureProperty().get());
            column.topPProperty().set(last.topPProperty().get());
            column.topKProperty().set(last.topKProperty().get());
            column.minPProperty().set(last.minPProperty().get());
            column.seedProperty().set(last.seedProperty().get());
        }
        columns.add(column);
        renumber();
    }

    /** Removes a column, keeping at least {@value #MIN_COLUMNS}. */
    public void removeColumn(CompareColumnViewModel column) {
        if (columns.size() <= MIN_COLUMNS || state.get().isBusy()) {
            return;
        }
        columns.remove(column);
        renumber();
    }

    private void renumber() {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).setPosition(i);
        }
    }

    private void updateColumns() {
        canAddColumn.set(!state.get().isBusy() && columns.size() < MAX_COLUMNS);
        canRemoveColumn.set(!state.get().isBusy() && columns.size() > MIN_COLUMNS);
    }

    /**
     * Runs every column on the prompt. Refuses, with one sentence and nothing changed, an empty prompt, a wrong field
     * or a busy engine; a prompt too long for a model's context is refused by the engine before anything runs.
     */
    public void run() {
        if (state.get().isBusy()) {
            return;
        }
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (text.isEmpty()) {
            showError(UserError.of("Write a prompt first: every column continues the same prompt."));
            return;
        }
        List<ColumnSetup> setups = new ArrayList<>();
        int max;
        try {
            max = SettingFields.parseMaxTokens(maxTokens.get());
            Optional<Long> seed = seedLocked.get() ? Optional.of(SettingFields.parseSeed(lockedSeed.get())) : Optional.empty();
            for (CompareColumnViewModel column : columns) {
                setups.add(column.setup(seed));
            }
        } catch (InvalidSettingsException e) {
            showError(UserError.of(SettingFields.sentence(e.getMessage())));
            return;
        }
        if (engine.stateProperty().get().isBusy()) {
            showError(UserError.of("The engine is busy; wait for it to finish before running the comparison."));
            return;
        }
        Optional<TextGenerator> loaded = engine.current();
        List<CompareColumnViewModel> targets = List.copyOf(columns);
        CancellationToken token = new CancellationToken();
        cancel = token;
        runningColumns = targets;
        runningMaxTokens = max;
        runningPosition = -1;
        targets.forEach(CompareColumnViewModel::queued);
        error.set(null);
        verdict.set(null);
        currentId.set(null);
        progress.set(0);
        progressText.set("Starting…");
        setState(EngineState.GENERATING);
        engine.generationStarted();
        Instant startedAt = clock.instant();
        runner.submit(TaskRunner.Lane.ENGINE, () -> runAll(text, max, setups, targets, loaded, token),
                outcome -> finished(text, max, setups, targets, outcome, startedAt, token.isCancelled()),
                failure -> {
                    targets.forEach(c -> c.notRun("not run"));
                    progress.set(0);
                    progressText.set("");
                    engine.generationEnded(Optional.of(UserError.from(failure, "run the comparison")));
                    fail(failure, "run the comparison");
                });
    }

    /** One column's run; {@code model} is the loaded model's name as the engine reports it. */
    private record Ran(int position, ComparisonRun run, String model) {}

    /** What ran, and the error that stopped the rest, if one did. */
    private record Outcome(List<Ran> ran, Optional<LoupeException> failure) {}

    /** Engine thread: the columns grouped by model, each group on one shared prefill, one extra model at a time. */
    private Outcome runAll(String text, int max, List<ColumnSetup> setups, List<CompareColumnViewModel> targets,
                           Optional<TextGenerator> loaded, CancellationToken token) {
        Map<Path, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < setups.size(); i++) {
            groups.computeIfAbsent(setups.get(i).model().dir(), dir -> new ArrayList<>()).add(i);
        }
        Prompt input = Prompt.chat(List.of(ChatMessage.user(text)));
        List<Ran> ran = new ArrayList<>();
        for (List<Integer> positions : groups.values()) {
            if (token.isCancelled()) {
                break;
            }
            ModelChoice model = setups.get(positions.getFirst()).model();
            boolean reuse = loaded.isPresent() && model.sameModel(loaded.get().info().dir());
            try {
                if (!reuse) {
                    runner.onUi(() -> progressText.set("Loading " + model.name() + " for its columns…"));
                }
                TextGenerator generator = reuse ? loaded.get() : loader.load(model.dir());
                try {
                    List<ComparisonSetting> settings = new ArrayList<>();
                    for (int position : positions) {
                        ColumnSetup s = setups.get(position);
                        settings.add(new ComparisonSetting(ArenaJudge.label(position), s.settings(), DecodingStrategy.SAMPLING, s.seed(), max, List.of()));
                    }
                    Comparison comparison = generator.lab().compare(input, settings, token, k -> {
                        int position = positions.get(k);
                        CompareColumnViewModel column = targets.get(position);
                        runningPosition = position;
                        TokenListener listener = column.listener(streaming::request);
                        runner.onUi(column::started);
                        return listener;
                    });
                    for (int k = 0; k < comparison.runs().size(); k++) {
                        ran.add(new Ran(positions.get(k), comparison.runs().get(k), generator.info().name()));
                    }
                } finally {
                    if (!reuse) {
                        generator.close();
                    }
                }
            } catch (LoupeException e) {
                LOG.info("A comparison stopped: {}", e.getMessage());
                return new Outcome(ran, Optional.of(e));
            }
        }
        return new Outcome(ran, Optional.empty());
    }

    /** UI thread, coalesced: copies every streaming column's text and updates the progress. */
    private void showStreams() {
        int done = 0;
        for (CompareColumnViewModel column : runningColumns) {
            column.showStream();
            done += column.streamedTokens();
        }
        if (!state.get().isBusy()) {
            return;
        }
        double total = (double) runningColumns.size() * runningMaxTokens;
        progress.set(Math.min(1, done / total));
        int position = runningPosition;
        if (position >= 0 && position < runningColumns.size()) {
            CompareColumnViewModel column = runningColumns.get(position);
            progressText.set("Column " + column.labelProperty().get() + " · " + column.streamedTokens() + " of " + runningMaxTokens
                    + " tokens · " + (position + 1) + " of " + runningColumns.size() + " columns");
            engine.generationSpeed(column.streamedTokensPerSecond());
        }
    }

    private void finished(String text, int max, List<ColumnSetup> setups, List<CompareColumnViewModel> targets, Outcome outcome,
                          Instant startedAt, boolean cancelled) {
        List<SavedColumn> done = new ArrayList<>();
        List<NewRun> logged = new ArrayList<>();
        boolean[] ranAt = new boolean[targets.size()];
        for (Ran r : outcome.ran()) {
            GenerationResult result = r.run().result();
            ColumnSetup setup = setups.get(r.position());
            SavedColumn column = new SavedColumn(r.position(), setup, result.text(), result.finishReason(), result.promptTokens(), r.run().metrics());
            targets.get(r.position()).finished(column, result.tokens());
            ranAt[r.position()] = true;
            done.add(column);
            logged.add(new NewRun(startedAt, RunOrigin.COMPARE, r.model(), setup.settings(), setup.seed(), preview(text), result.promptTokens(),
                    result.generatedTokens(), Math.round(r.run().metrics().ttftMillis()), ReplyTimings.measured(result.decodeTokensPerSecond()),
                    Optional.of(result.finishReason()), Optional.empty(), Optional.empty()));
        }
        for (int i = 0; i < targets.size(); i++) {
            if (!ranAt[i]) {
                targets.get(i).notRun(cancelled ? "not run: stopped" : "not run");
            }
        }
        answeredPrompt = text;
        runningPosition = -1;
        progress.set(0);
        Optional<UserError> failure = outcome.failure().map(e -> UserError.from(e, "run the comparison"));
        progressText.set(failure.isPresent() ? "" : cancelled ? "Stopped; " + done.size() + " of " + targets.size() + " columns ran."
                : "Done: " + done.size() + " columns.");
        engine.generationEnded(failure);
        if (failure.isPresent()) {
            error.set(failure.get());
            setState(EngineState.ERROR);
        } else {
            setState(EngineState.IDLE);
        }
        if (done.isEmpty()) {
            return;
        }
        boolean locked = seedLocked.get();
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            SavedComparison stored = comparisons.save(startedAt, text, max, locked, done);
            logged.forEach(runs::record);
            return new Listed(stored, comparisons.list(SAVED_SHOWN));
        }, listed -> {
            currentId.set(listed.stored().id());
            saved.setAll(listed.all());
        }, failure2 -> fail(failure2, "save the comparison"));
    }

    private record Listed(SavedComparison stored, List<ComparisonSummary> all) {}

    /** Stops the comparison or the judge within one token; what was generated stays. */
    public void stop() {
        if (cancel != null && state.get() == EngineState.GENERATING) {
            cancel.cancel();
            setState(EngineState.CANCELLING);
            progressText.set("Stopping…");
            engine.generationCancelling();
        }
    }

    /**
     * Asks the judge model which answer is better under the criteria. Needs an answer in every column; the verdict is
     * recorded with the comparison.
     */
    public void judge() {
        if (state.get().isBusy()) {
            return;
        }
        List<String> answers = new ArrayList<>();
        for (CompareColumnViewModel column : columns) {
            Optional<SavedColumn> result = column.result();
            if (result.isEmpty()) {
                showError(UserError.of("Column " + column.labelProperty().get() + " has no answer yet; run the comparison before judging it."));
                return;
            }
            answers.add(result.get().answer());
        }
        ModelChoice model = judgeModel.get();
        if (model == null) {
            showError(UserError.of("Choose the model that judges; load one in the Models workspace if the list is empty."));
            return;
        }
        if (engine.stateProperty().get().isBusy()) {
            showError(UserError.of("The engine is busy; wait for it to finish before judging."));
            return;
        }
        String rules = criteria.get() == null || criteria.get().isBlank() ? ArenaJudge.DEFAULT_CRITERIA : criteria.get().strip();
        String judgedPrompt = answeredPrompt;
        Optional<TextGenerator> loaded = engine.current();
        Long id = currentId.get();
        CancellationToken token = new CancellationToken();
        cancel = token;
        runningColumns = List.of();
        error.set(null);
        progress.set(-1);
        progressText.set("Judging with " + model.name() + "…");
        setState(EngineState.GENERATING);
        engine.generationStarted();
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            boolean reuse = loaded.isPresent() && model.sameModel(loaded.get().info().dir());
            TextGenerator judge = reuse ? loaded.get() : loader.load(model.dir());
            try {
                return ArenaJudge.judge(judge, judgedPrompt, answers, rules, token, TokenListener.NONE);
            } finally {
                if (!reuse) {
                    judge.close();
                }
            }
        }, (JudgeVerdict decided) -> {
            SavedVerdict value = new SavedVerdict(model.name(), rules, decided);
            verdict.set(value);
            progress.set(0);
            progressText.set("Judged by " + model.name() + ".");
            engine.generationEnded(Optional.empty());
            setState(EngineState.IDLE);
            if (id != null) {
                runner.submit(TaskRunner.Lane.STORAGE, () -> {
                    comparisons.saveVerdict(id, value);
                    return comparisons.list(SAVED_SHOWN);
                }, saved::setAll, failure -> fail(failure, "save the verdict"));
            }
        }, failure -> {
            progress.set(0);
            progressText.set("");
            engine.generationEnded(Optional.of(UserError.from(failure, "judge the answers")));
            fail(failure, "judge the answers");
        });
    }

    /** Shows a saved comparison: its prompt, columns, answers, figures and verdict. */
    public void open(long id) {
        open(id, false);
    }

    /** Shows a saved comparison and runs it again with the same columns; the new run is saved as a new comparison. */
    public void rerun(long id) {
        open(id, true);
    }

    private void open(long id, boolean thenRun) {
        if (state.get().isBusy()) {
            showError(UserError.of("Stop the comparison before opening another one."));
            return;
        }
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> comparisons.find(id), found -> {
            setState(EngineState.IDLE);
            if (found.isEmpty()) {
                showError(UserError.of("That comparison is no longer stored."));
                return;
            }
            show(found.get());
            if (thenRun) {
                run();
            }
        }, failure -> fail(failure, "open the comparison"));
    }

    private void show(SavedComparison comparison) {
        prompt.set(comparison.prompt());
        maxTokens.set(Integer.toString(comparison.maxNewTokens()));
        seedLocked.set(comparison.seedLocked());
        columns.clear();
        for (SavedColumn stored : comparison.columns()) {
            ModelChoice model = choiceOf(stored.setup().model().name(), stored.setup().model().dir());
            ColumnSetup setup = new ColumnSetup(model, stored.setup().presetName(), stored.setup().settings(), stored.setup().seed());
            CompareColumnViewModel column = new CompareColumnViewModel(model, Optional.empty());
            column.setPosition(columns.size());
            column.show(new SavedColumn(columns.size(), setup, stored.answer(), stored.finishReason(), stored.promptTokens(), stored.metrics()),
                    presetList.stream().filter(p -> p.name().equalsIgnoreCase(stored.setup().presetName())).findFirst());
            columns.add(column);
        }
        if (comparison.seedLocked() && !comparison.columns().isEmpty()) {
            lockedSeed.set(Long.toString(comparison.columns().getFirst().setup().seed()));
        }
        while (columns.size() < MIN_COLUMNS) {
            addColumn();
        }
        renumber();
        answeredPrompt = comparison.prompt();
        verdict.set(comparison.verdict().orElse(null));
        comparison.verdict().ifPresent(v -> {
            criteria.set(v.criteria());
            models.stream().filter(m -> m.name().equals(v.judgeModel())).findFirst().ifPresent(judgeModel::set);
        });
        currentId.set(comparison.id());
        error.set(null);
        progressText.set("");
    }

    /** Deletes a saved comparison. */
    public void delete(long id) {
        if (state.get().isBusy()) {
            return;
        }
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            comparisons.delete(id);
            return comparisons.list(SAVED_SHOWN);
        }, list -> {
            saved.setAll(list);
            if (currentId.get() != null && currentId.get() == id) {
                currentId.set(null);
            }
        }, failure -> fail(failure, "delete the comparison"));
    }

    /**
     * Starts a chat conversation with the prompt and this column's answer as its first exchange (settings and seed
     * kept with the reply) and hands its id to {@link #onSendToChat}.
     */
    public void sendToChat(CompareColumnViewModel column) {
        Optional<SavedColumn> result = column.result();
        if (result.isEmpty() || state.get().isBusy()) {
            showError(UserError.of("Column " + column.labelProperty().get() + " has no answer to send yet; run the comparison first."));
            return;
        }
        SavedColumn answer = result.get();
        String question = answeredPrompt;
        var tokens = column.tokens();
        ColumnSetup setup = answer.setup();
        Optional<String> preset = presetList.stream()
                .filter(p -> p.name().equalsIgnoreCase(setup.presetName()) && p.settings().equals(setup.settings()))
                .map(SamplerPreset::name).findFirst();
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            ConversationSummary created = conversations.create(ConversationRepository.titleFrom(question), "", Optional.of(setup.model().name()));
            StoredMessage user = conversations.addUserMessage(created.id(), Optional.empty(), question);
            StoredMessage reply = conversations.startReply(created.id(), user.id(),
                    new ReplySetup(setup.model().name(), setup.settings(), setup.seed(), preset));
            conversations.finishReply(reply.id(), answer.answer(), tokens, new ReplyTimings(answer.promptTokens(),
                    answer.metrics().length(), Math.round(answer.metrics().ttftMillis()), ReplyTimings.measured(answer.metrics().decodeTokensPerSecond()),
                    answer.finishReason()));
            return created.id();
        }, id -> sendToChat.accept(id), failure -> fail(failure, "send the answer to the chat"));
    }

    /** Hides the error. */
    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            setState(EngineState.IDLE);
        }
    }

    private void showError(UserError value) {
        error.set(value);
    }

    private void fail(Throwable failure, String doing) {
        LOG.warn("Compare could not {}", doing, failure);
        error.set(UserError.from(failure, doing));
        setState(EngineState.ERROR);
    }

    private void setState(EngineState value) {
        state.set(value);
    }

    private static String preview(String text) {
        return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS);
    }

    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty maxTokensProperty() {
        return maxTokens;
    }

    /** Whether every column uses {@link #lockedSeedProperty()} instead of its own seed. */
    public BooleanProperty seedLockedProperty() {
        return seedLocked;
    }

    public StringProperty lockedSeedProperty() {
        return lockedSeed;
    }

    public ObservableList<CompareColumnViewModel> columns() {
        return columnsView;
    }

    /** The loaded model and the usable folders of the models folder. */
    public ObservableList<ModelChoice> models() {
        return modelsView;
    }

    public ObservableList<SamplerPreset> presets() {
        return presetListView;
    }

    /** Saved comparisons, newest first. */
    public ObservableList<ComparisonSummary> saved() {
        return savedView;
    }

    /** Share of the comparison's tokens generated so far, 0 to 1; -1 while it cannot be measured (judging). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObjectProperty<ModelChoice> judgeModelProperty() {
        return judgeModel;
    }

    public StringProperty criteriaProperty() {
        return criteria;
    }

    /** The judge's verdict on the comparison shown; null when none was asked for. */
    public ReadOnlyObjectProperty<SavedVerdict> verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The id of the saved comparison shown; null before the first run finishes. */
    public ReadOnlyObjectProperty<Long> currentIdProperty() {
        return currentId.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canAddColumnProperty() {
        return canAddColumn.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRemoveColumnProperty() {
        return canRemoveColumn.getReadOnlyProperty();
    }
}
