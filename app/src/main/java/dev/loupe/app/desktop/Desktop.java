package dev.loupe.app.desktop;

import dev.loupe.app.AppPaths;
import dev.loupe.app.server.ApiServerSwitch;
import dev.loupe.app.server.ServerListener;
import dev.loupe.app.storage.Storage;
import dev.loupe.ui.about.AboutViewModel;
import dev.loupe.ui.agents.AgentsViewModel;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.compare.CompareViewModel;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.engine.ModelLoader;
import dev.loupe.ui.inspect.InspectViewModel;
import dev.loupe.ui.models.ModelsViewModel;
import dev.loupe.ui.runs.RunsViewModel;
import dev.loupe.ui.settings.ApiServerViewModel;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.settings.WindowPlacement;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.MainViewModel;
import dev.loupe.ui.shell.Workspace;
import dev.loupe.ui.task.TaskRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The desktop app wired together: the view-models over the H2 stores, the engine and a task runner. The launcher,
 * the screenshot command and the UI tests all build the window through here, so they run the same app.
 */
public final class Desktop {

    /**
     * What the app remembers from the last session, read before the window opens (off the UI thread, since the
     * settings live in the database).
     */
    public record Startup(WindowPlacement placement, Workspace workspace, ThemeChoice theme, String presetName,
                          Optional<Long> lastConversation) {
        public static Startup read(UiSettings settings) {
            return new Startup(settings.windowPlacement(),
                    Workspace.fromId(settings.lastWorkspace()).orElse(Workspace.CHAT),
                    settings.theme(), settings.defaultPreset(), settings.lastConversation());
        }
    }

    private final TaskRunner runner;
    private final UiSettings settings;
    private final EngineViewModel engine;
    private final MainViewModel main;

    private Desktop(TaskRunner runner, UiSettings settings, EngineViewModel engine, MainViewModel main) {
        this.runner = runner;
        this.settings = settings;
        this.engine = engine;
        this.main = main;
    }

    /**
     * Builds the view-models. Call on the UI thread.
     *
     * @param storage the open database
     * @param modelsFolder where models live
     * @param loader opens a model folder with the engine
     * @param quantizer writes Q4 copies with the engine
     * @param documents the documents library, opened when the documents workspace first needs it
     */
    public static Desktop wire(Storage storage, Path modelsFolder, TaskRunner runner, ModelLoader loader,
                               ModelFolder.Quantizer quantizer, LazyDocumentLibrary documents, DialogService dialogs,
                               Clock clock) {
        Objects.requireNonNull(storage, "storage");
        UiSettings settings = new StoredUiSettings(storage.settings());
        EngineViewModel engine = new EngineViewModel(runner, loader);
        ChatViewModel chat = new ChatViewModel(runner, engine, new StoredConversations(storage.conversations()),
                new StoredRuns(storage.runs()), new StoredPresets(storage.presets()),
                new StoredSystemPrompts(storage.systemPrompts()), settings, dialogs, clock, documents,
                new StoredAskRecords(storage.askAnswers()));
        ModelFolder folder = new ModelFolder(modelsFolder, quantizer);
        ModelsViewModel models = new ModelsViewModel(runner, folder, engine, dialogs, clock);
        RunsViewModel runs = new RunsViewModel(runner, new StoredRuns(storage.runs()), dialogs, clock);
        DocumentsViewModel library = new DocumentsViewModel(runner, documents, dialogs);
        AgentsViewModel agents = new AgentsViewModel(runner, engine, new DesktopTools(documents, clock),
                new StoredTraces(storage.traces()), new ModelStepFormats(), settings, dialogs, clock,
                System::nanoTime);
        CompareViewModel compare = new CompareViewModel(runner, engine, loader, folder, new StoredPresets(storage.presets()),
                new StoredComparisons(storage.database()), new StoredConversations(storage.conversations()), new StoredRuns(storage.runs()), clock);
        InspectViewModel inspect = new InspectViewModel(runner, engine, new StoredConversations(storage.conversations()),
                new StoredRuns(storage.runs()), settings, dialogs, clock);
        AboutViewModel about = new AboutViewModel(runner, new RuntimeAbout(AppPaths.fromEnvironment()));
        ApiServerViewModel api = new ApiServerViewModel(runner, engine, new SwitchedApiServer(
                new ApiServerSwitch(Optional.of(storage.runs()), ServerListener.NONE), documents::embedderIfOpen), settings);
        return new Desktop(runner, settings, engine, new MainViewModel(runner, settings, engine, chat, models, runs,
                library, compare, agents, api, inspect, about));
    }

    /** Shows the remembered workspace and theme, reads presets and conversations, reopens the last conversation. */
    public void start(Startup startup) {
        main.start(startup.workspace(), startup.theme());
        main.chat().start(startup.presetName(), startup.lastConversation());
        main.apiServer().start();
        main.inspect().start();
    }

    /** The main window's content for these view-models. */
    public MainView view(DialogService dialogs) {
        return new MainView(main, dialogs);
    }

    public MainViewModel main() {
        return main;
    }

    public EngineViewModel engine() {
        return engine;
    }

    public UiSettings settings() {
        return settings;
    }

    public TaskRunner runner() {
        return runner;
    }
}
