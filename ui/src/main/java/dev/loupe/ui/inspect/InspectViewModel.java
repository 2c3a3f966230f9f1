package dev.loupe.ui.inspect;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.inspect.AttentionMaps;
import dev.loupe.inference.inspect.LogitLens;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.lab.SequenceScore;
import dev.loupe.inference.lab.TokenScore;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.chat.ConversationRepository;
import dev.loupe.ui.chat.InspectedAnswer;
import dev.loupe.ui.chat.ReplyTimings;
import dev.loupe.ui.chat.StoredMessage;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.format.SettingFields;
import dev.loupe.ui.runs.NewRun;
import dev.loupe.ui.runs.RunOrigin;
import dev.loupe.ui.runs.RunRepository;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.task.TaskRunner;
import dev.loupe.ui.task.UiCoalescer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Inspect workspace: a chat reply (or a typed text) token by token under the loaded model, read by
 * teacher-forced scoring so nothing is generated again; the sampler chain at the selected step under the sliders'
 * settings; branches that force an alternative at a step and stream the rest (stored as a new reply beside the
 * original, like Regenerate); the logit lens and the attention of the whole sequence.
 *
 * <p>Threads: everything here runs on the UI thread; the model works on the engine lane and storage on the storage
 * lane. Slider moves are coalesced: while one explanation runs, further moves only mark it stale, and one more
 * explanation with the latest settings follows. A branch streams through a {@link UiCoalescer}. The sequence's KV
 * cache is kept in one {@link Branch} (touched on the engine lane only), so every branch of the same answer copies
 * its prefix instead of computing it again.
 */
public final class InspectViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(InspectViewModel.class);

    /** Alternatives listed per token (the hover card's bars and the branch menu). */
    static final int TOP_ALTERNATIVES = 10;
    /** Tokens on the sampling chart. */
    static final int CHART_BARS = 24;
    /** Tokens per cell of the logit lens. */
    static final int LENS_TOP = 5;
    /** Longest branch, in new tokens (the forced one included), unless the context ends sooner. */
    static final int BRANCH_TOKENS = 256;

    private final TaskRunner runner;
    private final EngineViewModel engine;
    private final ConversationRepository conversations;
    private final RunRepository runs;
    private final UiSettings settings;
    private final Clock clock;
    private final DialogService dialogs;
    /** Engine lane only. */
    private final SequenceCache context = new SequenceCache();

    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyObjectWrapper<Inspected> inspected = new ReadOnlyObjectWrapper<>(this, "inspected");
    private final ReadOnlyObjectWrapper<List<TokenRow>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(this, "selected", -1);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "Nothing inspected yet");
    private final ObjectProperty<ColourMode> colourMode = new SimpleObjectProperty<>(this, "colourMode", ColourMode.PROBABILITY);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");

    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", SamplerSettings.DEFAULTS.temperature());
    private final IntegerProperty topK = new SimpleIntegerProperty(this, "topK", SamplerSettings.DEFAULTS.topK());
    private final DoubleProperty topP = new SimpleDoubleProperty(this, "topP", SamplerSettings.DEFAULTS.topP());
    private final DoubleProperty minP = new SimpleDoubleProperty(this, "minP", SamplerSettings.DEFAULTS.minP());
    private final DoubleProperty typicalP = new SimpleDoubleProperty(this, "typicalP", SamplerSettings.DEFAULTS.typicalP());
    private final ReadOnlyObjectWrapper<SamplingChart> chart = new ReadOnlyObjectWrapper<>(this, "chart");
    private final ReadOnlyStringWrapper chartProblem = new ReadOnlyStringWrapper(this, "chartProblem", "");
    private boolean explaining;
    private boolean explainAgain;

    private final ReadOnlyObjectWrapper<LogitLens> lens = new ReadOnlyObjectWrapper<>(this, "lens");
    private final ReadOnlyStringWrapper lensProblem = new ReadOnlyStringWrapper(this, "lensProblem", "");
    private final ReadOnlyObjectWrapper<AttentionMaps> attention = new ReadOnlyObjectWrapper<>(this, "attention");
    private final ReadOnlyStringWrapper attentionProblem = new ReadOnlyStringWrapper(this, "attentionProblem", "");
    private Inspected lensFor;
    private Inspected attentionFor;

    private LongConsumer onBranchStored = id -> {};
    private Streaming streaming;
    private boolean applyingSetup;

    /** @param runs where a branch of a chat answer is logged, as the chat logs its replies */
    public InspectViewModel(TaskRunner runner, EngineViewModel engine, ConversationRepository conversations, RunRepository runs,
                            UiSettings settings, DialogService dialogs, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.clock = Objects.requireNonNull(clock, "clock");
        selected.addListener(o -> explain());
        for (var slider : List.of(temperature, topK, topP, minP, typicalP)) {
            slider.addListener(o -> {
                if (!applyingSetup) {
                    explain();
                }
            });
        }
        colourMode.addListener((obs, old, now) -> save(() -> settings.saveInspectColourMode(now.id())));
        engine.generatorProperty().addListener((obs, old, now) -> runner.submit(TaskRunner.Lane.ENGINE, () -> {
            context.close();
            return null;
        }, ignored -> {}, failure -> LOG.warn("Closing the inspected sequence's cache failed", failure)));
    }

    /** Reads the remembered colour mode. */
    public void start() {
        runner.submit(TaskRunner.Lane.STORAGE, settings::inspectColourMode, id -> colourMode.set(ColourMode.fromId(id)),
                failure -> LOG.warn("Reading the colour mode failed", failure));
    }

    /** Where a branch stored as a new reply is announced, so the chat can show it. */
    public void onBranchStored(LongConsumer action) {
        onBranchStored = Objects.requireNonNull(action, "action");
    }

    /** Scores a stored chat reply: its stored tokens after the conversation that led to it. */
    public void open(InspectedAnswer answer) {
        Optional<TextGenerator> generator = ready("inspect the answer");
        if (generator.isEmpty()) {
            return;
        }
        setState(EngineState.LOADING);
        error.set(null);
        runner.submit(TaskRunner.Lane.STORAGE, () -> conversations.tokens(answer.messageId()), stored -> {
            if (stored.isEmpty()) {
                fail(UserError.of("This answer has no stored tokens (it was imported or stopped before its first token), so it cannot be inspected."));
                return;
            }
            runner.submit(TaskRunner.Lane.ENGINE, () -> scoreAnswer(generator.get(), answer, stored), this::show,
                    failure -> fail(failure, "inspect the answer"));
        }, failure -> fail(failure, "read the answer's tokens"));
    }

    /** Scores the typed text from its second token on. */
    public void inspectText() {
        String value = text.get() == null ? "" : text.get();
        if (value.isBlank()) {
            fail(UserError.of("Type a text to inspect first."));
            return;
        }
        Optional<TextGenerator> generator = ready("inspect the text");
        if (generator.isEmpty()) {
            return;
        }
        setState(EngineState.LOADING);
        error.set(null);
        SamplerSettings base = sliderSettingsOr(SamplerSettings.DEFAULTS);
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            TextGenerator g = generator.get();
            SequenceScore score = g.lab().score(Prompt.text(value), 1, TOP_ALTERNATIVES);
            return new Inspected(Optional.empty(), List.of(), score.tokenIds(), textsOf(g, score.tokenIds()), 1, rowsOf(score), base, 0,
                    g.info().name());
        }, this::show, failure -> fail(failure, "inspect the text"));
    }

    private static Inspected scoreAnswer(TextGenerator generator, InspectedAnswer answer, List<TokenEvent> stored) {
        int[] prompt = generator.encode(Prompt.chat(answer.prompt()));
        int[] all = IntStream.concat(IntStream.of(prompt), stored.stream().mapToInt(TokenEvent::id)).toArray();
        SequenceScore score = generator.lab().score(new Prompt.Tokens(all), prompt.length, TOP_ALTERNATIVES);
        return new Inspected(Optional.of(answer), stored, all, textsOf(generator, all), prompt.length, rowsOf(score), answer.setup().settings(), answer.setup().seed(),
                generator.info().name());
    }

    private static List<String> textsOf(TextGenerator generator, int[] ids) {
        return IntStream.of(ids).mapToObj(generator::tokenText).toList();
    }

    private static List<TokenRow> rowsOf(SequenceScore score) {
        List<TokenRow> out = new ArrayList<>(score.tokens().size());
        int first = score.tokens().getFirst().position();
        for (TokenScore t : score.tokens()) {
            out.add(new TokenRow(t.position() - first, t.position(), t.id(), t.text(), t.logProbability(), t.rank(), t.entropy(), t.top()));
        }
        return out;
    }

    private void show(Inspected value) {
        inspected.set(value);
        rows.set(value.rows());
        lens.set(null);
        attention.set(null);
        lensProblem.set("");
        attentionProblem.set("");
        lensFor = null;
        attentionFor = null;
        title.set(titleOf(value));
        showSliders(value.settings());
        setState(EngineState.IDLE);
        int first = IntStream.range(0, value.rows().size()).filter(i -> value.rows().get(i).rank() != 1).findFirst().orElse(0);
        if (selected.get() == first) {
            explain();
        } else {
            selected.set(value.rows().isEmpty() ? -1 : first);
        }
    }

    private static String titleOf(Inspected value) {
        String what = value.answer().map(a -> "Answer " + a.messageId() + " (" + a.setup().modelId() + ", seed " + a.setup().seed() + ")")
                .orElse("Typed text");
        return what + " · " + value.rows().size() + " tokens scored by " + value.modelName();
    }

    /** Selects the token at {@code step}; out-of-range steps are clamped. */
    public void select(int step) {
        List<TokenRow> current = rows.get();
        if (current.isEmpty()) {
            return;
        }
        selected.set(Math.clamp(step, 0, current.size() - 1));
    }

    /** Moves the selection by {@code delta} tokens (the arrow keys). */
    public void moveSelection(int delta) {
        select(Math.max(selected.get(), 0) + delta);
    }

    /** The sampler settings under the sliders, on top of the inspected answer's other settings (penalties, bias). */
    public SamplerSettings sliderSettings() {
        Inspected current = inspected.get();
        SamplerSettings base = current == null ? SamplerSettings.DEFAULTS : current.settings();
        return base.withTemperature(temperature.get()).withTopK(topK.get()).withTopP(topP.get()).withMinP(minP.get())
                .withTypicalP(typicalP.get());
    }

    private SamplerSettings sliderSettingsOr(SamplerSettings fallback) {
        try {
            return sliderSettings();
        } catch (InvalidSettingsException e) {
            return fallback;
        }
    }

    /** Puts the sliders back to the settings the answer was generated with. */
    public void resetSampler() {
        Inspected current = inspected.get();
        showSliders(current == null ? SamplerSettings.DEFAULTS : current.settings());
        explain();
    }

    /** Puts {@code s} under the sliders without an explanation per slider; the caller explains once. */
    private void showSliders(SamplerSettings s) {
        applyingSetup = true;
        try {
            temperature.set(s.temperature());
            topK.set(s.topK());
            topP.set(s.topP());
            minP.set(s.minP());
            typicalP.set(s.typicalP());
        } finally {
            applyingSetup = false;
        }
    }

    /**
     * The request whose first step the chart explains for {@code step}: the sequence up to that token as the prompt,
     * the sliders' settings and the answer's seed. Its draw is the seed's first one.
     */
    public GenerationRequest explainedRequest(int step, SamplerSettings sampler) {
        Inspected current = Objects.requireNonNull(inspected.get(), "nothing is inspected");
        int[] prefix = Arrays.copyOf(current.tokenIds(), current.promptTokens() + step);
        return new GenerationRequest(new Prompt.Tokens(prefix), sampler, current.seed(), 1, List.of(), 0);
    }

    private void explain() {
        Inspected current = inspected.get();
        int step = selected.get();
        if (current == null || step < 0 || step >= current.rows().size() || streaming != null) {
            return;
        }
        if (explaining) {
            explainAgain = true;
            return;
        }
        SamplerSettings sampler;
        try {
            sampler = sliderSettings();
        } catch (InvalidSettingsException e) {
            chartProblem.set(SettingFields.sentence(e.getMessage()));
            return;
        }
        Optional<TextGenerator> generator = engine.current();
        if (generator.isEmpty()) {
            chartProblem.set("No model is loaded; load one in the Models workspace to see the sampler.");
            return;
        }
        GenerationRequest request = explainedRequest(step, sampler);
        int answerId = current.rows().get(step).id();
        explaining = true;
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            ModelLab lab = generator.get().lab();
            return SamplingChart.of(request, lab.explainStep(request, 0, CHART_BARS), answerId, generator.get()::tokenText);
        }, result -> {
            explaining = false;
            if (explainAgain) {
                explainAgain = false;
                explain();
                return;
            }
            chartProblem.set("");
            chart.set(result);
        }, failure -> {
            explaining = false;
            LOG.warn("Explaining step {} failed", step, failure);
            chartProblem.set(UserError.from(failure, "explain the step").message());
            if (explainAgain) {
                explainAgain = false;
                explain();
            }
        });
    }

    /** Computes the logit lens of the inspected sequence, once per sequence. */
    public void loadLens() {
        Inspected current = inspected.get();
        Optional<TextGenerator> generator = engine.current();
        if (current == null || lensFor == current || generator.isEmpty() || streaming != null) {
            return;
        }
        lensFor = current;
        lensProblem.set("Reading every layer…");
        runner.submit(TaskRunner.Lane.ENGINE, () -> generator.get().lab().logitLens(new Prompt.Tokens(current.tokenIds()), LENS_TOP), result -> {
            if (inspected.get() == current) {
                lens.set(result);
                lensProblem.set("");
            }
        }, failure -> {
            LOG.warn("The logit lens failed", failure);
            lensProblem.set(UserError.from(failure, "compute the logit lens").message());
        });
    }

    /** Computes the attention maps of the inspected sequence, once per sequence. */
    public void loadAttention() {
        Inspected current = inspected.get();
        Optional<TextGenerator> generator = engine.current();
        if (current == null || attentionFor == current || generator.isEmpty() || streaming != null) {
            return;
        }
        attentionFor = current;
        attentionProblem.set("Reading every head…");
        runner.submit(TaskRunner.Lane.ENGINE, () -> generator.get().lab().attention(new Prompt.Tokens(current.tokenIds())), result -> {
            if (inspected.get() == current) {
                attention.set(result);
                attentionProblem.set("");
            }
        }, failure -> {
            LOG.warn("The attention maps failed", failure);
            attentionProblem.set(UserError.from(failure, "compute the attention maps").message());
        });
    }

    /**
     * Branches at the selected step with {@code tokenId} forced there: the rest is generated with the answer's own
     * settings and seed, streamed into the view and, for a chat reply, stored as a new reply to the same message.
     */
    public void branch(int tokenId) {
        Inspected current = inspected.get();
        int step = selected.get();
        if (current == null || step < 0 || state.get().isBusy()) {
            return;
        }
        Optional<TextGenerator> generator = ready("branch the answer");
        if (generator.isEmpty()) {
            return;
        }
        int position = current.promptTokens() + step;
        int budget = Math.min(BRANCH_TOKENS, generator.get().contextTokens() - position);
        if (budget < 1 || current.tokenIds().length + 1 > generator.get().contextTokens()) {
            fail(UserError.of("The answer fills the model's context, so there is no room to branch from it."));
            return;
        }
        GenerationRequest continuation = new GenerationRequest(new Prompt.Tokens(Arrays.copyOf(current.tokenIds(), position)), current.settings(),
                current.seed(), budget, List.of(), TOP_ALTERNATIVES);
        Streaming run = new Streaming(current, step, tokenId, clock.instant());
        streaming = run;
        error.set(null);
        notice.set("");
        setState(EngineState.GENERATING);
        engine.generationStarted();
        if (current.answer().isPresent()) {
            InspectedAnswer answer = current.answer().get();
            runner.submit(TaskRunner.Lane.STORAGE, () -> conversations.startReply(answer.conversationId(), answer.parentId(), answer.setup()), reply -> {
                run.replyId = Optional.of(reply.id());
                fork(generator.get(), run, position, tokenId, continuation);
            }, failure -> branchFailed(run, failure));
        } else {
            fork(generator.get(), run, position, tokenId, continuation);
        }
    }

    private void fork(TextGenerator generator, Streaming run, int position, int tokenId, GenerationRequest continuation) {
        int[] ids = run.parent.tokenIds();
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            Branch branch = context.branchOf(generator, ids).fork(position, tokenId, continuation, run.cancel, run);
            // The branch's cache becomes the one of the sequence shown next, so branching again from it copies it too.
            context.adopt(generator, branch);
            return branch.result();
        }, result -> branchFinished(run, result), failure -> branchFailed(run, failure));
    }

    /** Stops the streaming branch; what it generated is kept. */
    public void stopBranch() {
        if (streaming != null && state.get() == EngineState.GENERATING) {
            streaming.cancel.cancel();
            setState(EngineState.CANCELLING);
            engine.generationCancelling();
        }
    }

    private void branchFinished(Streaming run, GenerationResult result) {
        run.publish();
        Inspected parent = run.parent;
        int[] ids = IntStream.concat(IntStream.of(Arrays.copyOf(parent.tokenIds(), parent.promptTokens() + run.step)), IntStream.of(result.tokenIds()))
                .toArray();
        if (run.replyId.isEmpty()) {
            engine.generationEnded(Optional.empty());
            streaming = null;
            rescoreTyped(parent, ids);
            return;
        }
        List<TokenEvent> events = run.storedEvents(result.tokens());
        String content = run.prefixText() + result.text();
        ReplyTimings timings = new ReplyTimings(parent.promptTokens() + run.step, events.size(), Math.round(ReplyTimings.measured(result.ttftMillis())),
                ReplyTimings.measured(result.decodeTokensPerSecond()), result.finishReason());
        long replyId = run.replyId.get();
        NewRun logged = run.run(result.generatedTokens(), timings.ttftMillis(), timings.tokensPerSecond(), Optional.of(result.finishReason()),
                Optional.empty());
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            StoredMessage stored = conversations.finishReply(replyId, content, events, timings);
            runs.record(logged);
            return stored;
        }, stored -> {
            engine.generationEnded(Optional.empty());
            streaming = null;
            notice.set("Branch stored as answer " + (stored.siblingIndex() + 1) + " of " + stored.siblingCount() + " in the conversation.");
            onBranchStored.accept(stored.id());
            setState(EngineState.IDLE);
            open(parent.answer().orElseThrow().withMessage(stored.id()));
        }, failure -> {
            engine.generationEnded(Optional.empty());
            streaming = null;
            fail(failure, "store the branch");
        });
    }

    private void rescoreTyped(Inspected parent, int[] ids) {
        TextGenerator generator = engine.current().orElse(null);
        if (generator == null) {
            fail(UserError.of("The model was unloaded while the branch ran."));
            return;
        }
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            SequenceScore score = generator.lab().score(new Prompt.Tokens(ids), 1, TOP_ALTERNATIVES);
            return new Inspected(Optional.empty(), List.of(), ids, textsOf(generator, ids), 1, rowsOf(score), parent.settings(), parent.seed(), generator.info().name());
        }, this::show, failure -> fail(failure, "score the branch"));
    }

    private void branchFailed(Streaming run, Throwable failure) {
        LOG.warn("Branching failed", failure);
        UserError problem = UserError.from(failure, "branch the answer");
        streaming = null;
        engine.generationEnded(Optional.of(problem));
        rows.set(run.parent.rows());
        if (run.replyId.isPresent()) {
            List<TokenEvent> events = run.storedEvents(run.received());
            String content = run.prefixText() + run.text();
            long replyId = run.replyId.get();
            NewRun logged = run.run(run.received().size(), 0, 0, Optional.empty(), Optional.of(problem.message()));
            runner.submit(TaskRunner.Lane.STORAGE, () -> {
                runs.record(logged);
                return conversations.interruptReply(replyId, content, events);
            }, ignored -> {}, saveFailure -> LOG.warn("Saving the interrupted branch failed", saveFailure));
        }
        fail(problem);
    }

    /** Asks where to save the token table and writes it as CSV or JSON, by the file's extension. */
    public void exportTable() {
        Inspected current = inspected.get();
        if (current == null || state.get().isBusy()) {
            return;
        }
        Optional<Path> target = dialogs.chooseFileToSave("Export the token table", "tokens.csv",
                List.of(DialogService.FileType.of("CSV files", "csv"), DialogService.FileType.of("JSON files", "json")));
        if (target.isEmpty()) {
            return;
        }
        Path file = target.get();
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        List<TokenRow> table = current.rows();
        String content = json ? TokenTable.json(table, current.perplexity(), current.meanLogProbability()) : TokenTable.csv(table);
        runner.submit(TaskRunner.Lane.FILES, () -> Files.writeString(file, content), written -> notice.set("Exported " + table.size()
                + " tokens to " + file.getFileName() + "."), failure -> fail(failure, "export the token table"));
    }

    /** Hides the error. */
    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            setState(EngineState.IDLE);
        }
    }

    private Optional<TextGenerator> ready(String doing) {
        if (state.get().isBusy()) {
            fail(UserError.of("Wait for the current work in Inspect to finish before you " + doing + "."));
            return Optional.empty();
        }
        Optional<TextGenerator> generator = engine.current();
        if (generator.isEmpty()) {
            fail(UserError.of(engine.stateProperty().get() == EngineState.LOADING
                    ? "The model is still loading; try again when the status bar says it is ready."
                    : "No model is loaded; load one in the Models workspace first."));
            return Optional.empty();
        }
        if (engine.stateProperty().get().isBusy()) {
            fail(UserError.of("The engine is busy; wait for it to finish before you " + doing + "."));
            return Optional.empty();
        }
        return generator;
    }

    private void fail(Throwable failure, String doing) {
        LOG.warn("Could not {}", doing, failure);
        fail(UserError.from(failure, doing));
    }

    private void fail(UserError value) {
        error.set(value);
        setState(EngineState.ERROR);
    }

    private void setState(EngineState value) {
        state.set(value);
    }

    private void save(Runnable write) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            write.run();
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving a setting failed", failure));
    }

    /**
     * One branch streaming in: the listener methods run on the engine thread, {@link #publish} on the UI thread.
     * Fields below the lock comment are guarded by {@code this}.
     */
    private final class Streaming implements TokenListener {
        final Inspected parent;
        final int step;
        final int forcedId;
        final Instant startedAt;
        final CancellationToken cancel = new CancellationToken();
        final UiCoalescer coalescer = new UiCoalescer(runner, this::publish);
        Optional<Long> replyId = Optional.empty();
        // guarded by this
        private final List<TokenEvent> received = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Streaming(Inspected parent, int step, int forcedId, Instant startedAt) {
            this.parent = parent;
            this.step = step;
            this.forcedId = forcedId;
            this.startedAt = startedAt;
        }

        /** The run log's entry for this branch: a chat reply, like those the chat logs. */
        NewRun run(int generatedTokens, long ttftMillis, double tokensPerSecond, Optional<FinishReason> finish, Optional<String> error) {
            InspectedAnswer answer = parent.answer().orElseThrow();
            String preview = "Branch of answer " + answer.messageId() + " at step " + step + " with token id " + forcedId;
            return new NewRun(startedAt, RunOrigin.CHAT, answer.setup().modelId(), parent.settings(), parent.seed(), preview,
                    parent.promptTokens() + step, generatedTokens, ttftMillis, tokensPerSecond, finish, error, replyId);
        }

        @Override
        public void onToken(TokenEvent event) {
            synchronized (this) {
                received.add(event);
            }
            coalescer.request();
        }

        @Override
        public void onText(String delta) {
            synchronized (this) {
                text.append(delta);
            }
        }

        synchronized List<TokenEvent> received() {
            return List.copyOf(received);
        }

        synchronized String text() {
            return text.toString();
        }

        /** Shows the parent's tokens before the step, then what the branch generated so far. UI thread. */
        void publish() {
            if (streaming != this) {
                return;
            }
            List<TokenRow> shown = new ArrayList<>(parent.rows().subList(0, step));
            int position = parent.promptTokens() + step;
            for (TokenEvent e : received()) {
                int rank = 0;
                for (int r = 0; r < e.top().size(); r++) {
                    if (e.top().get(r).id() == e.id()) {
                        rank = r + 1;
                    }
                }
                shown.add(new TokenRow(step + e.index(), position + e.index(), e.id(), textOf(e, parent), Math.min(0, e.logprob()),
                        rank, Math.max(0, e.entropy()), e.top()));
            }
            rows.set(shown);
        }

        /** The text of the parent's stored tokens before the step. */
        String prefixText() {
            StringBuilder out = new StringBuilder();
            parent.storedTokens().stream().limit(step).forEach(e -> out.append(e.text()));
            return out.toString();
        }

        /** The parent's stored tokens before the step, then the branch's, indexed from 0. */
        List<TokenEvent> storedEvents(List<TokenEvent> generated) {
            List<TokenEvent> out = new ArrayList<>(parent.storedTokens().subList(0, Math.min(step, parent.storedTokens().size())));
            for (TokenEvent e : generated) {
                out.add(new TokenEvent(out.size(), e.id(), e.text(), e.prob(), e.logprob(), e.entropy(), e.top()));
            }
            return out;
        }
    }

    /** A streamed token's text: the alternatives name every token the model proposed; others are looked up or read as their id. */
    private static String textOf(TokenEvent event, Inspected parent) {
        for (TopToken t : event.top()) {
            if (t.id() == event.id()) {
                return t.text();
            }
        }
        for (TokenRow r : parent.rows()) {
            if (r.id() == event.id()) {
                return r.text();
            }
        }
        return event.text().isEmpty() ? "<" + event.id() + ">" : event.text();
    }

    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** What went wrong with the last action; null when nothing did. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The outcome of the last export or branch, as one sentence; empty when there is none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The scored sequence; null before the first one. */
    public ReadOnlyObjectProperty<Inspected> inspectedProperty() {
        return inspected.getReadOnlyProperty();
    }

    /** The tokens shown: the inspected ones, or while a branch streams, those before its step and what it generated. */
    public ReadOnlyObjectProperty<List<TokenRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** The selected step; -1 when nothing is shown. */
    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObjectProperty<ColourMode> colourModeProperty() {
        return colourMode;
    }

    /** The text to inspect when no chat answer is. */
    public StringProperty textProperty() {
        return text;
    }

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    public IntegerProperty topKProperty() {
        return topK;
    }

    public DoubleProperty topPProperty() {
        return topP;
    }

    public DoubleProperty minPProperty() {
        return minP;
    }

    public DoubleProperty typicalPProperty() {
        return typicalP;
    }

    /** The sampler chain at the selected step under the sliders; null until the first explanation. */
    public ReadOnlyObjectProperty<SamplingChart> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    /** Why the chart cannot be drawn (bad slider values, no model); empty when it can. */
    public ReadOnlyStringProperty chartProblemProperty() {
        return chartProblem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LogitLens> lensProperty() {
        return lens.getReadOnlyProperty();
    }

    /** Progress or the reason the lens is missing; empty once it is shown. */
    public ReadOnlyStringProperty lensProblemProperty() {
        return lensProblem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AttentionMaps> attentionProperty() {
        return attention.getReadOnlyProperty();
    }

    /** Progress or the reason the attention maps are missing; empty once they are shown. */
    public ReadOnlyStringProperty attentionProblemProperty() {
        return attentionProblem.getReadOnlyProperty();
    }
}
