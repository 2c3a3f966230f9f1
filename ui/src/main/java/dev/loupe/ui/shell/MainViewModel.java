package dev.loupe.ui.shell;

import dev.loupe.ui.agents.AgentsViewModel;
import dev.loupe.ui.about.AboutViewModel;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.compare.CompareViewModel;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.inspect.InspectViewModel;
import dev.loupe.ui.models.FirstRunViewModel;
import dev.loupe.ui.models.ModelsViewModel;
import dev.loupe.ui.runs.RunsViewModel;
import dev.loupe.ui.settings.ApiServerViewModel;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.settings.WindowPlacement;
import dev.loupe.ui.task.TaskRunner;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: which workspace is shown, the theme, and the workspaces' own view-models. Remembers the
 * workspace, the theme and the window placement through {@link UiSettings}. UI thread only.
 */
public final class MainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    private final TaskRunner runner;
    private final UiSettings settings;
    private final EngineViewModel engine;
    private final ChatViewModel chat;
    private final ModelsViewModel models;
    private final RunsViewModel runs;
    private final DocumentsViewModel documents;
    private final AgentsViewModel agents;
    private final CompareViewModel compare;
    private final ApiServerViewModel apiServer;
    private final InspectViewModel inspect;
    private final AboutViewModel about;
    private final FirstRunViewModel firstRun;
    private final ReadOnlyObjectWrapper<Workspace> workspace = new ReadOnlyObjectWrapper<>(this, "workspace", Workspace.CHAT);
    private final ReadOnlyObjectWrapper<ThemeChoice> theme = new ReadOnlyObjectWrapper<>(this, "theme", ThemeChoice.SYSTEM);

    public MainViewModel(TaskRunner runner, UiSettings settings, EngineViewModel engine, ChatViewModel chat,
                         ModelsViewModel models, RunsViewModel runs, DocumentsViewModel documents, CompareViewModel compare,
                         AgentsViewModel agents, ApiServerViewModel apiServer, InspectViewModel inspect,
                         AboutViewModel about) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.chat = Objects.requireNonNull(chat, "chat");
        this.models = Objects.requireNonNull(models, "models");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.compare = Objects.requireNonNull(compare, "compare");
        compare.onSendToChat(conversationId -> {
            chat.conversations().refresh();
            chat.open(conversationId);
            show(Workspace.CHAT);
        });
        this.apiServer = Objects.requireNonNull(apiServer, "apiServer");
        this.inspect = Objects.requireNonNull(inspect, "inspect");
        chat.onInspect(answer -> {
            show(Workspace.INSPECT);
            inspect.open(answer);
        });
        // A branch made in Inspect is a new reply: the chat shows it when it is free to.
        inspect.onBranchStored(messageId -> {
            if (!chat.stateProperty().get().isBusy()) {
                chat.showMessage(messageId);
            }
        });
        this.about = Objects.requireNonNull(about, "about");
        this.firstRun = new FirstRunViewModel(models, engine);
        runs.onOpenAnswer(messageId -> {
            chat.showMessage(messageId);
            show(Workspace.CHAT);
        });
        chat.onShowDocuments(() -> show(Workspace.DOCUMENTS));
        // A generation that ended is a new run: keep the table current while it is on screen.
        engine.stateProperty().addListener((obs, old, now) -> {
            if ((old == EngineState.GENERATING || old == EngineState.CANCELLING) && workspace.get() == Workspace.RUNS) {
                runs.refresh();
            }
        });
    }

    /**
     * Shows the workspace and the theme of the last session and starts reading what the workspaces list.
     *
     * @param first the workspace to show, e.g. the remembered one
     * @param themeChoice the theme to use
     */
    public void start(Workspace first, ThemeChoice themeChoice) {
        theme.set(themeChoice);
        workspace.set(first);
        refresh(first);
    }

    /** Switches the workspace and remembers it. */
    public void show(Workspace value) {
        Objects.requireNonNull(value, "value");
        workspace.set(value);
        refresh(value);
        String id = value.id();
        save(() -> settings.saveLastWorkspace(id));
    }

    /** Changes the theme and remembers it. */
    public void useTheme(ThemeChoice value) {
        theme.set(Objects.requireNonNull(value, "value"));
        save(() -> settings.saveTheme(value));
    }

    /** Remembers where the window is; called when it closes. */
    public void rememberWindow(WindowPlacement placement) {
        save(() -> settings.saveWindowPlacement(placement));
    }

    private void refresh(Workspace value) {
        switch (value) {
            case MODELS -> models.refresh();
            case RUNS -> runs.refresh();
            case AGENTS -> agents.start();
            case COMPARE -> compare.refresh();
            default -> { }
        }
    }

    private void save(Runnable write) {
        runner.submit(TaskRunner.Lane.STORAGE, () -> {
            write.run();
            return null;
        }, ignored -> {}, failure -> LOG.warn("Saving a setting failed", failure));
    }

    public EngineViewModel engine() {
        return engine;
    }

    public ChatViewModel chat() {
        return chat;
    }

    public ModelsViewModel models() {
        return models;
    }

    public DocumentsViewModel documents() {
        return documents;
    }

    public InspectViewModel inspect() {
        return inspect;
    }

    public RunsViewModel runs() {
        return runs;
    }

    public AgentsViewModel agents() {
        return agents;
    }

    public CompareViewModel compare() {
        return compare;
    }

    /** The local API server's switch and settings. */
    public ApiServerViewModel apiServer() {
        return apiServer;
    }

    public AboutViewModel about() {
        return about;
    }

    /** The first-run screen, shown when the app starts with no model to load. */
    public FirstRunViewModel firstRun() {
        return firstRun;
    }

    public ReadOnlyObjectProperty<Workspace> workspaceProperty() {
        return workspace.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ThemeChoice> themeProperty() {
        return theme.getReadOnlyProperty();
    }
}
