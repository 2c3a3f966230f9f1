package dev.loupe.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.agents.run.StepConstraints;
import dev.loupe.ui.agents.AgentsViewModel;
import dev.loupe.ui.about.AboutViewModel;
import dev.loupe.ui.chat.ChatViewModel;
import dev.loupe.ui.compare.CompareViewModel;
import dev.loupe.ui.documents.DocumentsViewModel;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.inspect.InspectViewModel;
import dev.loupe.ui.models.ModelsViewModel;
import dev.loupe.ui.runs.RunsViewModel;
import dev.loupe.ui.settings.ApiServerViewModel;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.settings.WindowPlacement;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.MemoryTraces;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import dev.loupe.ui.testing.TestTools;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MainViewModelTest {
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();
    private final ScriptedGenerator generator = new ScriptedGenerator("stories-test");
    private final MemoryStores.Settings settings = new MemoryStores.Settings();
    private final MemoryStores.Runs runStore = new MemoryStores.Runs();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final EngineViewModel engine = new EngineViewModel(runner, dir -> generator);
    private final MemoryConversations conversations = new MemoryConversations();
    private final ChatViewModel chat = new ChatViewModel(runner, engine, conversations, runStore, new MemoryStores.Presets(),
            new MemoryStores.Prompts(), settings, dialogs, Clock.systemUTC(), MemoryStores.NO_DOCUMENTS,
            new MemoryStores.AskRecords());
    private final RunsViewModel runs = new RunsViewModel(runner, runStore, dialogs, Clock.systemUTC());
    private final MainViewModel main = new MainViewModel(runner, settings, engine, chat,
            new ModelsViewModel(runner, MemoryStores.NO_MODELS, engine, dialogs, Clock.systemUTC()), runs,
            new DocumentsViewModel(runner, () -> {
                throw new IllegalStateException("this test opens no documents library");
            }, dialogs), new CompareViewModel(runner, engine, dir -> generator, MemoryStores.NO_MODELS, new MemoryStores.Presets(),
            new MemoryStores.Comparisons(), conversations, runStore, Clock.systemUTC()),
            new AgentsViewModel(runner, engine, new TestTools(), new MemoryTraces(),
            model -> StepConstraints.NONE, settings, dialogs, Clock.systemUTC(), System::nanoTime),
            new ApiServerViewModel(runner, engine, MemoryStores.NO_API_SERVER, settings),
            new InspectViewModel(runner, engine, conversations, runStore, settings, dialogs, Clock.systemUTC()),
            new AboutViewModel(runner, () -> {
                throw new IllegalStateException("this test opens no About dialog");
            }));

    @Test
    void theWorkspaceThemeAndWindowAreRemembered() {
        main.start(Workspace.CHAT, ThemeChoice.SYSTEM);
        main.show(Workspace.RUNS);
        main.useTheme(ThemeChoice.DARK);
        main.rememberWindow(new WindowPlacement(5, 6, 1000, 700, false));
        assertEquals("runs", settings.workspace);
        assertEquals(ThemeChoice.DARK, settings.theme);
        assertEquals(new WindowPlacement(5, 6, 1000, 700, false), settings.placement);
        assertEquals(Optional.of(Workspace.RUNS), Workspace.fromId(settings.workspace));
    }

    @Test
    void aFinishedGenerationRefreshesTheRunsOnScreenAndOpeningARunShowsItsAnswerInChat() {
        engine.load(Path.of("/models/stories-test"));
        main.start(Workspace.RUNS, ThemeChoice.LIGHT);
        chat.draftProperty().set("Hello");
        chat.send();
        assertEquals(1, runs.rows().size(), "the table followed the new run");

        chat.newChat();
        runs.open(runs.rows().getFirst());
        assertEquals(Workspace.CHAT, main.workspaceProperty().get());
        assertEquals(List.of("Hello", "Answer 1."), chat.messages().stream().map(m -> m.content()).toList());
    }

    @Test
    void unknownWorkspaceIdsAreRefused() {
        assertEquals(Optional.empty(), Workspace.fromId("settings"));
        assertEquals(Optional.of(Workspace.MODELS), Workspace.fromId(" Models "));
    }
}
