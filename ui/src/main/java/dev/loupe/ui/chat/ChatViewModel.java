package dev.loupe.ui.chat;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.rag.answer.AskPipeline;
import dev.loupe.rag.answer.LocatedPassage;
import dev.loupe.rag.answer.PassageLocator;
import dev.loupe.rag.index.Passage;
import dev.loupe.ui.ask.AskOptionsViewModel;
import dev.loupe.ui.ask.AskRecord;
import dev.loupe.ui.ask.AskRecordRepository;
import dev.loupe.ui.ask.DocumentQuestions;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.documents.DocumentLibrarySource;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.format.SettingFields;
import dev.loupe.ui.runs.NewRun;
import dev.loupe.ui.runs.RunOrigin;
import dev.loupe.ui.runs.RunRepository;
import dev.loupe.ui.settings.AskSettings;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.task.TaskRunner;
import dev.loupe.ui.task.UiCoalescer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat workspace: the open conversation's active branch, the message being written, and the generation of
 * replies. Sending stores the user message, starts a reply and streams it in; stop, regenerate, edit-and-resend
 * and switching between alternatives all add to the conversation's tree and never overwrite it.
 *
 * <p>Threads: everything here runs on the UI thread. Inputs are read there when an action starts (the text, the
 * {@link GenerationPlan}); storage work goes to the storage lane, generation to the engine lane. Tokens arrive on
 * the engine thread and reach the UI through a {@link UiCoalescer}: at most one pending hand-off, never one per
 * token. The conversation keeps one {@link ChatSession}, so follow-ups and regenerations only prefill what is new.
 *
 * <p>Ask mode ({@link #askOptions()}): the message is a question to the chosen document collections instead. The
 * {@link AskPipeline} retrieves passages and numbers them in the prompt (without the chat history), the answer
 * streams in the same way, and the {@link AskRecord} (sources, retrieved passages, prompt) is stored with the
 * reply. Retrieval runs on the engine lane with the generation, since HyDE drafts with the model.
 */
public final class ChatViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ChatViewModel.class);

    /** Streaming replies are saved every this many tokens or {@link #SAVE_EVERY_MILLIS}, whichever comes first. */
    static final int SAVE_EVERY_TOKENS = 16;
    static final long SAVE_EVERY_MILLIS = 250;
    /** Alternatives kept per token, for the Inspect workspace. */
    static final int TOP_ALTERNATIVES = 5;

    private final TaskRunner runner;
    private final EngineViewModel engine;
    private final ConversationRepository conversations;
    private final RunRepository runs;
    private final UiSettings uiSettings;
    private final Clock clock;
    private final SamplerViewModel sampler;
    private final ConversationListViewModel list;
    private final DocumentQuestions questions;
    private final AskRecordRepository askRecords;
    private final AskOptionsViewModel askOptions;
    private final PassageLocator locator = new PassageLocator();
    private Consumer<LocatedPassage> passageViewer = located -> {};
    private Runnable documentsOpener = () -> {};
    /** Touched on the engine lane only. */
    private final SessionHolder sessions = new SessionHolder();

    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final ReadOnlyObjectWrapper<ConversationSummary> conversation = new ReadOnlyObjectWrapper<>(this, "conversation");
    private final ObservableList<MessageViewModel> messages = FXCollections.observableArrayList();
    /** The read-only view handed out; kept, since a view created per call would drop its listeners when collected. */
    private final ObservableList<MessageViewModel> messagesView = FXCollections.unmodifiableObservableList(messages);
    private final StringProperty draft = new SimpleStringProperty(this, "draft", "");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyBooleanWrapper canSend = new ReadOnlyBooleanWrapper(this, "canSend");
    private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper(this, "canStop");
    private final ReadOnlyBooleanWrapper canRegenerate = new ReadOnlyBooleanWrapper(this, "canRegenerate");
    private Generation running;
    private Consumer<InspectedAnswer> onInspect = answer -> {};

    public ChatViewModel(TaskRunner runner, EngineViewModel engine, ConversationRepository conversations, RunRepository runs,
                         PresetRepository presets, SystemPromptRepository prompts, UiSettings uiSettings, DialogService dialogs,
                         Clock clock, DocumentLibrarySource documents, AskRecordRepository askRecords) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.uiSettings = Objects.requireNonNull(uiSettings, "uiSettings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.questions = new DocumentQuestions(documents);
        this.askRecords = Objects.requireNonNull(askRecords, "askRecords");
        this.askOptions = new AskOptionsViewModel(runner, documents, uiSettings);
        this.sampler = new SamplerViewModel(runner, presets, prompts, uiSettings, this::showError);
        this.list = new ConversationListViewModel(runner, conversations, dialogs, this::showError);
        list.connect(this::open, id -> {
            if (conversation.get() != null && conversation.get().id() == id) {
                newChat();
            }
        });
        engine.generatorProperty().addListener((obs, old, now) -> {
            // The session belongs to the old model: close it on the engine lane, before the model itself closes.
            runner.submit(TaskRunner.Lane.ENGINE, () -> {
                sessions.close();
                return null;
            }, ignored -> {}, failure -> LOG.warn("Closing a chat session failed", failure));
            updateAbilities();
        });
        engine.stateProperty().addListener(o -> updateAbilities());
        state.addListener(o -> updateAbilities());
        draft.addListener(o -> updateAbilities());
        messages.addListener((ListChangeListener<MessageViewModel>) c -> updateAbilities());
        updateAbilities();
    }

    /** Reads the presets and the conversation list and reopens the conversation of the last session, if any. */
    public void start(String presetName, Optional<Long> lastConversation) {
        sampler.load(presetName);
        askOptions.start();
        list.refresh();
        lastConversation.ifPresent(this::open);
    }

    /** Starts a new, empty conversation; it is stored when the first message is sent. */
    public void newChat() {
        if (state.get().isBusy()) {
            return;
        }
        conversation.set(null);
        messages.clear();
        error.set(null);
        setState(EngineState.IDLE);
        rememberConversation(Optional.empty());
    }

    /** Opens a stored conversation at its active branch. */
    public void open(long conversationId) {
        if (state.get().isBusy()) {
            showError(UserError.of("Stop the reply before opening another conversation."));
            return;
        }
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> conversations.find(conversationId)
                .map(c -> new Opened(c, branch(conversationId))), opened -> {
            if (opened.isEmpty()) {
                setState(EngineState.IDLE);
                rememberConversation(Optional.empty());
                return;
            }
            conversation.set(opened.get().conversation());
            sampler.systemPromptProperty().set(opened.get().conversation().systemPrompt());
            showPath(opened.get().path());
            error.set(null);
            setState(EngineState.IDLE);
            rememberConversation(Optional.of(conversationId));
        }, failure -> fail(failure, "open the conversation"));
    }

    private record Opened(ConversationSummary conversation, Branch path) {}

    /** The active branch with the Ask records of its answers. */
    private record Branch(List<StoredMessage> messages, Map<Long, AskRecord> asks) {}

    /** Reads the active branch and its Ask records. Storage lane. */
    private Branch branch(long conversationId) {
        List<StoredMessage> path = conversations.activePath(conversationId);
        return new Branch(path, askRecords.find(path.stream()
                .filter(m -> m.role() == ChatMessage.Role.ASSISTANT).map(StoredMessage::id).toList()));
    }

    /** Opens the conversation that holds {@code messageId} with the branch that leads to it. */
    public void showMessage(long messageId) {
        if (state.get().isBusy()) {
            showError(UserError.of("Stop the reply before opening another conversation."));
            return;
        }
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            Optional<Long> id = conversations.conversationOf(messageId);
            if (id.isEmpty()) {
                return Optional.<Opened>empty();
            }
            conversations.reveal(messageId);
            return conversations.find(id.get()).map(c -> new Opened(c, branch(c.id())));
        }, opened -> {
            if (opened.isEmpty()) {
                showError(UserError.of("That answer is no longer stored: its conversation was deleted."));
                return;
            }
            conversation.set(opened.get().conversation());
            sampler.systemPromptProperty().set(opened.get().conversation().systemPrompt());
            showPath(opened.get().path());
            error.set(null);
            setState(EngineState.IDLE);
            rememberConversation(Optional.of(opened.get().conversation().id()));
        }, failure -> fail(failure, "open the answer"));
    }

    /** Sends the draft as a user message and streams the reply. Keeps the draft when something is wrong. */
    public void send() {
        String text = draft.get() == null ? "" : draft.get().strip();
        if (text.isEmpty() || state.get().isBusy()) {
            return;
        }
        Optional<Ready> ready = ready();
        if (ready.isEmpty()) {
            return;
        }
        GenerationPlan plan = ready.get().plan();
        TextGenerator generator = ready.get().generator();
        ReplySetup setup = setupOf(generator, plan);
        ConversationSummary current = conversation.get();
        Optional<Long> parent = messages.isEmpty() ? Optional.empty() : Optional.of(messages.getLast().id());
        List<ChatMessage> history = history(messages.size());
        history.add(ChatMessage.user(text));
        draft.set("");
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            ConversationSummary c = current != null ? current
                    : conversations.create(ConversationRepository.titleFrom(text), plan.systemPrompt(), Optional.of(setup.modelId()));
            if (!c.systemPrompt().equals(plan.systemPrompt())) {
                c = conversations.setSystemPrompt(c.id(), plan.systemPrompt());
            }
            StoredMessage user = conversations.addUserMessage(c.id(), parent, text);
            StoredMessage reply = conversations.startReply(c.id(), user.id(), setup);
            return new Started(c, List.of(user, reply));
        }, started -> {
            boolean created = current == null;
            conversation.set(started.conversation());
            started.added().forEach(m -> messages.add(new MessageViewModel(m)));
            if (created) {
                rememberConversation(Optional.of(started.conversation().id()));
            }
            list.refresh();
            generate(started.conversation(), messages.getLast(), history, plan, generator, text, ready.get().asking());
        }, failure -> {
            draft.set(text);
            fail(failure, "send the message");
        });
    }

    private record Started(ConversationSummary conversation, List<StoredMessage> added) {}

    /** Stops the streaming reply; it ends within one token and keeps what it has. */
    public void stop() {
        if (running != null && state.get() == EngineState.GENERATING) {
            running.cancel.cancel();
            setState(EngineState.CANCELLING);
            engine.generationCancelling();
        }
    }

    /** Generates a new alternative to the last reply (or a reply to a trailing message that has none). */
    public void regenerate() {
        if (messages.isEmpty()) {
            return;
        }
        MessageViewModel last = messages.getLast();
        if (last.role() == ChatMessage.Role.ASSISTANT) {
            regenerate(last);
        } else {
            replyTo(messages.size() - 1);
        }
    }

    /** Generates a new alternative to {@code reply}, as its sibling; the old one stays one switch away. */
    public void regenerate(MessageViewModel reply) {
        int index = messages.indexOf(reply);
        if (index <= 0 || reply.role() != ChatMessage.Role.ASSISTANT) {
            return;
        }
        replyTo(index - 1);
    }

    /** Adds an edited copy of a user message as its sibling and streams a reply to it. */
    public void editAndResend(MessageViewModel original, String newText) {
        int index = messages.indexOf(original);
        String text = newText == null ? "" : newText.strip();
        if (index < 0 || original.role() != ChatMessage.Role.USER || text.isEmpty() || state.get().isBusy()) {
            return;
        }
        Optional<Ready> ready = ready();
        if (ready.isEmpty()) {
            return;
        }
        ConversationSummary current = conversation.get();
        GenerationPlan plan = ready.get().plan();
        ReplySetup setup = setupOf(ready.get().generator(), plan);
        List<ChatMessage> history = history(index);
        history.add(ChatMessage.user(text));
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            StoredMessage edited = conversations.edit(original.id(), text);
            StoredMessage reply = conversations.startReply(current.id(), edited.id(), setup);
            return List.of(edited, reply);
        }, added -> {
            messages.remove(index, messages.size());
            added.forEach(m -> messages.add(new MessageViewModel(m)));
            list.refresh();
            generate(current, messages.getLast(), history, plan, ready.get().generator(), text, ready.get().asking());
        }, failure -> fail(failure, "resend the edited message"));
    }

    /** Shows the previous ({@code -1}) or next ({@code +1}) alternative of a message and the branch below it. */
    public void showSibling(MessageViewModel message, int step) {
        ConversationSummary current = conversation.get();
        if (current == null || state.get().isBusy()) {
            return;
        }
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            List<Long> ids = conversations.siblingIds(message.id());
            int at = ids.indexOf(message.id());
            int target = Math.floorMod(at + step, ids.size());
            conversations.reveal(ids.get(target));
            return branch(current.id());
        }, path -> {
            showPath(path);
            setState(EngineState.IDLE);
        }, failure -> fail(failure, "switch to the other answer"));
    }

    /** Where {@link #inspect} hands a reply: the shell opens it in the Inspect workspace. */
    public void onInspect(Consumer<InspectedAnswer> action) {
        onInspect = Objects.requireNonNull(action, "action");
    }

    /** Opens a finished reply in the Inspect workspace, with the conversation up to it and how it was generated. */
    public void inspect(MessageViewModel reply) {
        int index = messages.indexOf(reply);
        if (index <= 0 || reply.role() != ChatMessage.Role.ASSISTANT || reply.setup().isEmpty()) {
            return;
        }
        if (reply.stateProperty().get() == MessageState.STREAMING) {
            showError(UserError.of("Wait for the reply to finish before inspecting it."));
            return;
        }
        ConversationSummary current = conversation.get();
        if (current == null) {
            return;
        }
        onInspect.accept(new InspectedAnswer(current.id(), reply.id(), messages.get(index - 1).id(), history(index), reply.setup().get()));
    }

    /** Hides the error shown under the input. */
    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            setState(EngineState.IDLE);
        }
    }

    private void replyTo(int parentIndex) {
        if (state.get().isBusy() || conversation.get() == null) {
            return;
        }
        Optional<Ready> ready = ready();
        if (ready.isEmpty()) {
            return;
        }
        ConversationSummary current = conversation.get();
        MessageViewModel parent = messages.get(parentIndex);
        GenerationPlan plan = ready.get().plan();
        ReplySetup setup = setupOf(ready.get().generator(), plan);
        List<ChatMessage> history = history(parentIndex + 1);
        setState(EngineState.LOADING);
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            ConversationSummary c = current;
            if (!c.systemPrompt().equals(plan.systemPrompt())) {
                c = conversations.setSystemPrompt(c.id(), plan.systemPrompt());
            }
            return new Started(c, List.of(conversations.startReply(c.id(), parent.id(), setup)));
        }, started -> {
            conversation.set(started.conversation());
            messages.remove(parentIndex + 1, messages.size());
            messages.add(new MessageViewModel(started.added().getFirst()));
            generate(started.conversation(), messages.getLast(), history, plan, ready.get().generator(), parent.content(),
                    ready.get().asking());
        }, failure -> fail(failure, "regenerate the reply"));
    }

    /** What a reply needs: the model, the panel's settings, and the Ask settings when Ask mode is on. */
    private record Ready(TextGenerator generator, GenerationPlan plan, Optional<AskSettings> asking) {}

    /** The model, the panel's settings and the Ask settings, or empty after showing what is missing. */
    private Optional<Ready> ready() {
        Optional<TextGenerator> generator = engine.current();
        if (generator.isEmpty()) {
            showError(UserError.of(engine.stateProperty().get() == EngineState.LOADING
                    ? "The model is still loading; send again when the status bar says it is ready."
                    : "No model is loaded; load one in the Models workspace first."));
            return Optional.empty();
        }
        if (engine.stateProperty().get().isBusy()) {
            showError(UserError.of("The engine is busy; wait for it to finish before sending."));
            return Optional.empty();
        }
        GenerationPlan plan;
        try {
            plan = sampler.plan();
        } catch (InvalidSettingsException e) {
            showError(UserError.of(SettingFields.sentence(e.getMessage())));
            return Optional.empty();
        }
        Optional<AskSettings> asking = asking();
        if (asking.isPresent() && !askable(asking.get())) {
            return Optional.empty();
        }
        return Optional.of(new Ready(generator.get(), plan, asking));
    }

    private ReplySetup setupOf(TextGenerator generator, GenerationPlan plan) {
        return new ReplySetup(generator.info().name(), plan.settings(), plan.seed(), plan.presetName());
    }

    /** The conversation as the model sees it: the system prompt, then the first {@code count} messages shown. */
    private List<ChatMessage> history(int count) {
        List<ChatMessage> history = new ArrayList<>();
        String system = sampler.systemPromptProperty().get();
        if (system != null && !system.isBlank()) {
            history.add(ChatMessage.system(system));
        }
        for (MessageViewModel m : messages.subList(0, count)) {
            if (!m.content().isEmpty()) {
                history.add(new ChatMessage(m.role(), m.content()));
            }
        }
        return history;
    }

    private void generate(ConversationSummary target, MessageViewModel reply, List<ChatMessage> history, GenerationPlan plan,
                          TextGenerator generator, String promptPreview, Optional<AskSettings> asking) {
        Generation generation = new Generation(reply, plan, generator.info().name(), promptPreview, clock.instant(),
                asking.isPresent() ? RunOrigin.DOCUMENTS : RunOrigin.CHAT);
        running = generation;
        error.set(null);
        setState(EngineState.GENERATING);
        engine.generationStarted();
        GenerationRequest request = new GenerationRequest(Prompt.chat(history), plan.settings(), plan.seed(), plan.maxNewTokens(),
                plan.stopStrings(), TOP_ALTERNATIVES);
        long conversationId = target.id();
        Callable<GenerationResult> work = asking.isPresent()
                ? () -> askDocuments(generator, asking.get(), promptPreview, request, generation)
                : () -> sessions.sessionFor(generator, conversationId).generate(request, generation.cancel, generation);
        runner.submit(TaskRunner.Lane.ENGINE, work, result -> finished(generation, result),
                failure -> failed(generation, failure));
    }

    /** The Ask settings when Ask mode is on. */
    private Optional<AskSettings> asking() {
        AskSettings settings = askOptions.snapshot();
        return settings.enabled() ? Optional.of(settings) : Optional.empty();
    }

    /** Whether a question can be asked with these settings; shows what is missing when not. */
    private boolean askable(AskSettings settings) {
        if (!settings.collections().isEmpty()) {
            return true;
        }
        String why = askOptions.statusProperty().get(); // no collections yet, or the library cannot be opened
        showError(UserError.of(!why.isEmpty() ? why : askOptions.available().isEmpty()
                ? "The document collections are still being listed; ask again in a moment."
                : "Choose at least one collection to ask in the Ask options above the message box."));
        return false;
    }

    /** Answers {@code question} from the documents, keeping the record on the generation. Engine lane. */
    private GenerationResult askDocuments(TextGenerator generator, AskSettings settings, String question,
                                          GenerationRequest request, Generation generation) {
        DocumentQuestions.Answered answered = questions.ask(generator, settings, question, request, generation.cancel,
                generation);
        generation.record = answered.record();
        return answered.result();
    }

    /**
     * Opens the document a passage came from and hands it, located and with its page, to the passage viewer; the
     * file is read on the documents lane.
     */
    public void openPassage(Passage passage) {
        runner.submit(TaskRunner.Lane.DOCUMENTS, () -> locator.locate(passage), located -> passageViewer.accept(located),
                failure -> fail(failure, "open " + passage.location()));
    }

    /** Where {@link #openPassage} shows a located passage; the view installs a window. */
    public void onPassageOpened(Consumer<LocatedPassage> viewer) {
        this.passageViewer = Objects.requireNonNull(viewer, "viewer");
    }

    /** Shows the Documents workspace, where collections are added; the shell installs it. */
    public void onShowDocuments(Runnable opener) {
        this.documentsOpener = Objects.requireNonNull(opener, "opener");
    }

    /** Switches to the Documents workspace, e.g. from the "no collections yet" hint. */
    public void showDocuments() {
        documentsOpener.run();
    }

    private void finished(Generation generation, GenerationResult result) {
        generation.publish();
        generation.reply.showLive(result.text(), result.generatedTokens(), ReplyTimings.measured(result.decodeTokensPerSecond()));
        List<TokenEvent> rest = generation.takeUnsaved();
        ReplyTimings timings = new ReplyTimings(result.promptTokens(), result.generatedTokens(), Math.round(ReplyTimings.measured(result.ttftMillis())),
                ReplyTimings.measured(result.decodeTokensPerSecond()), result.finishReason());
        NewRun run = new NewRun(generation.startedAt, generation.origin, generation.modelId, generation.plan.settings(),
                result.seed(), generation.promptPreview, timings.promptTokens(), timings.generatedTokens(), timings.ttftMillis(),
                timings.tokensPerSecond(), Optional.of(result.finishReason()), Optional.empty(), Optional.of(generation.reply.id()));
        AskRecord record = generation.record;
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            StoredMessage stored = conversations.finishReply(generation.reply.id(), result.text(), rest, timings);
            if (record != null) {
                askRecords.save(stored.id(), record);
            }
            runs.record(run);
            return stored;
        }, stored -> {
            generation.reply.update(stored);
            generation.reply.showAsk(record);
            running = null;
            setState(EngineState.IDLE);
            engine.generationEnded(Optional.empty());
            list.refresh();
        }, failure -> {
            running = null;
            engine.generationEnded(Optional.empty());
            fail(failure, "save the reply");
        });
    }

    private void failed(Generation generation, Throwable failure) {
        LOG.warn("Generating a reply failed", failure);
        UserError problem = UserError.from(failure, "generate a reply");
        generation.publish();
        List<TokenEvent> rest = generation.takeUnsaved();
        String textSoFar = generation.text();
        int promptTokens = failure instanceof PromptTooLongException tooLong ? tooLong.promptTokens() : 0;
        NewRun run = new NewRun(generation.startedAt, generation.origin, generation.modelId, generation.plan.settings(),
                generation.plan.seed(), generation.promptPreview, promptTokens, generation.tokenCount(), 0, 0,
                Optional.empty(), Optional.of(problem.message()), Optional.of(generation.reply.id()));
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            StoredMessage stored = conversations.interruptReply(generation.reply.id(), textSoFar, rest);
            runs.record(run);
            return stored;
        }, stored -> {
            generation.reply.update(stored);
            generation.reply.showProblem(problem.message());
            running = null;
            engine.generationEnded(Optional.of(problem));
            error.set(problem);
            setState(EngineState.ERROR);
        }, saveFailure -> {
            running = null;
            engine.generationEnded(Optional.of(problem));
            fail(saveFailure, "save the interrupted reply");
        });
    }

    private void showPath(Branch path) {
        messages.setAll(path.messages().stream().map(m -> {
            MessageViewModel shown = new MessageViewModel(m);
            shown.showAsk(path.asks().get(m.id()));
            return shown;
        }).toList());
    }

    private void fail(Throwable failure, String doing) {
        LOG.warn("Could not {}", doing, failure);
        showError(UserError.from(failure, doing));
    }

    private void showError(UserError value) {
        error.set(value);
        setState(EngineState.ERROR);
    }

    private void setState(EngineState value) {
        state.set(value);
    }

    private void rememberConversation(Optional<Long> id) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            uiSettings.saveLastConversation(id);
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving the open conversation failed", failure));
    }

    private void updateAbilities() {
        boolean busy = state.get().isBusy() || engine.stateProperty().get().isBusy();
        boolean model = engine.current().isPresent();
        String text = draft.get();
        canSend.set(!busy && model && text != null && !text.isBlank());
        canStop.set(state.get() == EngineState.GENERATING);
        canRegenerate.set(!busy && model && conversation.get() != null && !messages.isEmpty());
    }


    /**
     * One reply streaming in. The listener methods run on the engine thread; {@link #publish} on the UI thread.
     * Fields below the lock comment are guarded by {@code this}.
     */
    private final class Generation implements TokenListener {
        final MessageViewModel reply;
        final GenerationPlan plan;
        final String modelId;
        final String promptPreview;
        final Instant startedAt;
        final RunOrigin origin;
        final CancellationToken cancel = new CancellationToken();
        /** What an Ask answer was made from; set on the engine lane before the result is handed to the UI. */
        volatile AskRecord record;
        final UiCoalescer coalescer;
        // guarded by this
        private final StringBuilder text = new StringBuilder();
        private List<TokenEvent> unsaved = new ArrayList<>();
        private int tokens;
        private long firstTokenNanos;
        private long lastTokenNanos;
        private long lastSaveNanos = System.nanoTime();

        Generation(MessageViewModel reply, GenerationPlan plan, String modelId, String promptPreview, Instant startedAt,
                   RunOrigin origin) {
            this.reply = reply;
            this.plan = plan;
            this.modelId = modelId;
            this.promptPreview = promptPreview;
            this.startedAt = startedAt;
            this.origin = origin;
            this.coalescer = new UiCoalescer(runner, this::publish);
        }

        @Override
        public void onToken(TokenEvent event) {
            long now = System.nanoTime();
            List<TokenEvent> batch = null;
            String snapshot = null;
            synchronized (this) {
                tokens++;
                if (tokens == 1) {
                    firstTokenNanos = now;
                }
                lastTokenNanos = now;
                unsaved.add(event);
                if (unsaved.size() >= SAVE_EVERY_TOKENS || now - lastSaveNanos >= SAVE_EVERY_MILLIS * 1_000_000) {
                    batch = unsaved;
                    unsaved = new ArrayList<>();
                    snapshot = text.toString();
                    lastSaveNanos = now;
                }
            }
            if (batch != null) {
                saveProgress(snapshot, batch);
            }
            coalescer.request();
        }

        @Override
        public void onText(String delta) {
            synchronized (this) {
                text.append(delta);
            }
            coalescer.request();
        }

        private void saveProgress(String snapshot, List<TokenEvent> batch) {
            long id = reply.id();
            // Queued on the storage lane in token order; the engine thread never waits for the disk.
            runner.submit(TaskRunner.Lane.STORAGE, () -> {
                conversations.saveProgress(id, snapshot, batch);
                return null;
            }, ignored -> {}, failure -> LOG.warn("Saving the progress of {} failed", reply, failure));
        }

        /** Shows the latest text and speed. UI thread. */
        void publish() {
            String now;
            int count;
            double speed;
            synchronized (this) {
                now = text.toString();
                count = tokens;
                speed = tokens > 1 && lastTokenNanos > firstTokenNanos
                        ? (tokens - 1) / ((lastTokenNanos - firstTokenNanos) / 1e9) : 0;
            }
            if (running == this) {
                reply.showLive(now, count, speed);
                engine.generationSpeed(speed);
            }
        }

        synchronized List<TokenEvent> takeUnsaved() {
            List<TokenEvent> rest = unsaved;
            unsaved = new ArrayList<>();
            return rest;
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized int tokenCount() {
            return tokens;
        }
    }

    /** The one chat session of the open conversation; its KV cache makes follow-ups cheap. Engine lane only. */
    private static final class SessionHolder {
        private TextGenerator generator;
        private long conversationId;
        private ChatSession session;

        ChatSession sessionFor(TextGenerator model, long conversation) {
            if (session == null || generator != model || conversationId != conversation) {
                close();
                session = model.openSession();
                generator = model;
                conversationId = conversation;
            }
            return session;
        }

        void close() {
            if (session != null) {
                session.close();
                session = null;
                generator = null;
            }
        }
    }

    public SamplerViewModel sampler() {
        return sampler;
    }

    public ConversationListViewModel conversations() {
        return list;
    }

    /** The Chat / Ask documents switch and the Ask options. */
    public AskOptionsViewModel askOptions() {
        return askOptions;
    }

    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The open conversation; null for a new one not stored yet. */
    public ReadOnlyObjectProperty<ConversationSummary> conversationProperty() {
        return conversation.getReadOnlyProperty();
    }

    public ObservableList<MessageViewModel> messages() {
        return messagesView;
    }

    /** The message being written. */
    public StringProperty draftProperty() {
        return draft;
    }

    /** What went wrong with the last action, as one sentence with details; null when nothing did. */
    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSendProperty() {
        return canSend.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStopProperty() {
        return canStop.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRegenerateProperty() {
        return canRegenerate.getReadOnlyProperty();
    }
}
