package dev.loupe.app.desktop;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.jlama.JlamaQuantizer;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.engine.ModelLoader;
import dev.loupe.ui.shell.MainViewModel;
import dev.loupe.ui.task.FxTaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real app in a test's stage: the H2 file, the task runner and the document library of a data folder, and the
 * window opened by {@link DesktopLauncher#open} as the launcher opens it; {@link #close} ends it as the launcher does
 * at exit. The window tests share it so that each one says only what its app differs in ({@link Setup}), and every
 * one of them runs the launcher's start, not a copy of it.
 */
final class TestWindow implements AutoCloseable {
    /** How long the exit waits for queued saves and the model's close, as the launcher's. */
    private static final long SHUTDOWN_MILLIS = 10_000;

    /**
     * What a test chooses about the app it opens; the rest is the launcher's.
     *
     * @param paths the data folder (and the installation's bundled folder, when there is one)
     * @param loader opens model folders for the engine
     * @param model the model loaded at start; without one the first-run screen opens, as in the app
     * @param dialogs how the user answers the app's questions; empty for the real dialogs of the window
     */
    record Setup(AppPaths paths, ModelLoader loader, Optional<DesktopLauncher.DefaultModelSource> model,
                 Optional<DialogService> dialogs) {
        /** The app on {@code home} with Jlama's loader, no model at start and the real dialogs. */
        static Setup in(Path home) {
            return in(new AppPaths(home, Optional.empty()));
        }

        static Setup in(AppPaths paths) {
            return new Setup(paths, JlamaTextGenerator::load, Optional.empty(), Optional.empty());
        }

        Setup loader(ModelLoader loader) {
            return new Setup(paths, loader, model, dialogs);
        }

        /** Loads the model folder {@code dir} at start, named as the engine names a folder it loads. */
        Setup model(Path dir) {
            return model(new DesktopLauncher.DefaultModelSource(dir.getFileName().toString(), () -> dir));
        }

        Setup model(DesktopLauncher.DefaultModelSource source) {
            return new Setup(paths, loader, Optional.of(source), dialogs);
        }

        Setup dialogs(DialogService answers) {
            return new Setup(paths, loader, model, Optional.of(answers));
        }
    }

    private final Stage stage;
    private final Setup setup;
    private final Storage storage;
    private final FxTaskRunner runner;
    private final LazyDocumentLibrary documents;
    private final Desktop desktop;
    private boolean closed;

    private TestWindow(Stage stage, Setup setup, Storage storage, FxTaskRunner runner, LazyDocumentLibrary documents,
                       Desktop desktop) {
        this.stage = stage;
        this.setup = setup;
        this.storage = storage;
        this.runner = runner;
        this.documents = documents;
        this.desktop = desktop;
    }

    /**
     * Opens the database of {@code setup}'s data folder and the app's window in {@code stage}; from any thread: the
     * window is built on the JavaFX thread, and the call returns once the toolkit handled what that queued.
     */
    static TestWindow open(Stage stage, Setup setup) {
        Storage storage = Storage.open(setup.paths());
        FxTaskRunner runner = new FxTaskRunner();
        LazyDocumentLibrary documents = new LazyDocumentLibrary(setup.paths().indexes());
        try {
            Desktop.Startup startup = Desktop.Startup.read(new StoredUiSettings(storage.settings()));
            Desktop desktop = onFx(() -> setup.dialogs().isPresent()
                    ? DesktopLauncher.open(stage, storage, setup.paths().models(), runner, setup.loader(),
                            JlamaQuantizer::quantizeQ4, documents, setup.dialogs().get(), startup, setup.model(), () -> {})
                    : DesktopLauncher.open(stage, storage, setup.paths().models(), runner, setup.loader(),
                            JlamaQuantizer::quantizeQ4, documents, startup, setup.model(), () -> {}));
            return new TestWindow(stage, setup, storage, runner, documents, desktop);
        } catch (RuntimeException | Error e) {
            runner.shutdown(SHUTDOWN_MILLIS);
            documents.close();
            storage.close();
            throw e;
        }
    }

    /**
     * Closes the app and opens it again in the same stage on the same data folder, as a user restarting it does;
     * from a test thread, not the JavaFX one, since closing waits for the app's queued work.
     */
    TestWindow restart() {
        close();
        return open(stage, setup);
    }

    Stage stage() {
        return stage;
    }

    MainViewModel main() {
        return desktop.main();
    }

    EngineViewModel engine() {
        return desktop.engine();
    }

    Storage storage() {
        return storage;
    }

    /**
     * Closes every window the test left open and the main one, then, as the launcher does at exit, cancels an agent
     * run, closes the model, lets the queued work finish and closes the document library and the database. A second
     * call does nothing, so a test may close the app itself (to reopen it as at a restart) and the tear-down still
     * calls this. From a test thread, not the JavaFX one, since it waits for the app's queued work.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onFx(() -> {
            for (Window window : List.copyOf(Window.getWindows())) {
                window.hide();
            }
            desktop.main().agents().cancel();
            desktop.engine().close();
            return null;
        });
        runner.shutdown(SHUTDOWN_MILLIS);
        documents.close();
        storage.close();
    }

    /** Runs {@code work} on the JavaFX thread, directly when already there, and returns its result. */
    private static <T> T onFx(Callable<T> work) {
        try {
            if (Platform.isFxApplicationThread()) {
                return work.call();
            }
            T result = FxThread.call(work);
            WaitForAsyncUtils.waitForFxEvents();
            return result;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
