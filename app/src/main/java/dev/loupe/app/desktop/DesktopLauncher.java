package dev.loupe.app.desktop;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.LoupeException;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.FxDialogService;
import dev.loupe.ui.engine.ModelLoader;
import dev.loupe.ui.shell.MainView;
import dev.loupe.ui.shell.MainWindow;
import dev.loupe.ui.shell.Themes;
import dev.loupe.ui.task.FxTaskRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the desktop app: the database, the window where the last session left it, and the default model loading
 * in the background. Returns when the window is closed, after streaming replies and settings reached the disk.
 */
public final class DesktopLauncher {

    /**
     * The model the app loads at start.
     *
     * @param name shown while it loads
     * @param locate finds its folder, importing it on first start if need be; runs on the engine lane
     */
    public record DefaultModelSource(String name, Callable<Path> locate) {}

    private static final Logger LOG = LoggerFactory.getLogger(DesktopLauncher.class);
    /**
     * Builds the app in {@code stage} as the launcher does, and starts loading the default model, or shows the
     * first-run screen when there is none. UI thread only.
     *
     * @param onClosed runs once the window has closed and its placement was queued for saving
     */
    public static Desktop open(Stage stage, Storage storage, Path modelsFolder, FxTaskRunner runner, ModelLoader loader,
                               ModelFolder.Quantizer quantizer, LazyDocumentLibrary documents, Desktop.Startup startup,
                               Optional<DefaultModelSource> defaultModel, Runnable onClosed) {
        FxDialogService dialogs = new FxDialogService(() -> stage);
        return open(stage, storage, modelsFolder, runner, loader, quantizer, documents, dialogs, startup, defaultModel, onClosed);
    }

    /** As {@link #open(Stage, Storage, Path, FxTaskRunner, ModelLoader, ModelFolder.Quantizer, LazyDocumentLibrary,
     *  Desktop.Startup, Optional, Runnable)}, asking the user through {@code dialogs} (tests answer from a script). */
    public static Desktop open(Stage stage, Storage storage, Path modelsFolder, FxTaskRunner runner, ModelLoader loader,
                               ModelFolder.Quantizer quantizer, LazyDocumentLibrary documents, DialogService dialogs,
                               Desktop.Startup startup, Optional<DefaultModelSource> defaultModel, Runnable onClosed) {
        Desktop desktop = Desktop.wire(storage, modelsFolder, runner, loader, quantizer, documents, dialogs, Clock.systemUTC());
        desktop.start(startup);
        Themes.follow(desktop.main().themeProperty());
        MainView view = desktop.view(dialogs);
        MainWindow.show(stage, view, desktop.main(), startup.placement(), onClosed);
        defaultModel.ifPresentOrElse(model -> desktop.engine().load(model.name(), afterFirstFrame(stage, model.locate())),
                () -> desktop.main().firstRun().show());
        return desktop;
    }

    /**
     * {@code locate}, run once the window's first frame is on screen: the status bar says the model is loading from
     * the first frame, but the load's work (reading and importing the model, Jlama's classes) does not compete with
     * building that frame for the CPU.
     */
    private static Callable<Path> afterFirstFrame(Stage stage, Callable<Path> locate) {
        CompletableFuture<Void> shown = new CompletableFuture<>();
        FirstFrame.then(stage, () -> shown.complete(null));
        return () -> {
            try {
                shown.get(FIRST_FRAME_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.info("No frame within {} s of opening the window; loading the model anyway", FIRST_FRAME_WAIT_SECONDS);
            }
            return locate.call();
        };
    }

    /** How long the model's load waits for the window's first frame at most. */
    private static final long FIRST_FRAME_WAIT_SECONDS = 10;
    /** How long the exit waits for queued saves and the model's close. */
    private static final long SHUTDOWN_MILLIS = 10_000;

    private DesktopLauncher() {}

    /**
     * Runs the app until its window closes.
     *
     * @param loader opens model folders with the engine
     * @param quantizer writes Q4 copies with the engine
     * @param defaultModel the model to load at start: its name, and how to find (or first import) its folder; empty
     *     when there is none, and the first-run screen opens instead. Asked while the toolkit starts.
     * @param out where the start-up probe ({@link StartupProbe}) reports, when it is on
     * @param err where to say why the app could not start, in one sentence
     * @return the exit code: 0 after a normal close, 1 when it could not start
     */
    public static int run(AppPaths paths, ModelLoader loader, ModelFolder.Quantizer quantizer,
                          Supplier<Optional<DefaultModelSource>> defaultModel, PrintWriter out, PrintWriter err) {
        CompletableFuture<Void> toolkit = FxToolkit.start();
        Storage storage;
        try {
            storage = Storage.open(paths);
        } catch (LoupeException e) {
            LOG.info("Opening the database failed", e);
            err.println("loupe: " + e.getMessage());
            return 1;
        }
        try (storage; LazyDocumentLibrary documents = new LazyDocumentLibrary(paths.indexes());
                FxTaskRunner runner = new FxTaskRunner()) {
            Desktop.Startup startup = Desktop.Startup.read(new StoredUiSettings(storage.settings()));
            Optional<DefaultModelSource> model;
            try {
                model = defaultModel.get();
            } catch (LoupeException e) {
                LOG.info("Looking for the default model failed", e);
                err.println("loupe: " + e.getMessage());
                return 1;
            }
            try {
                toolkit.join();
            } catch (CompletionException e) {
                LOG.info("JavaFX could not start", e.getCause());
                err.println("loupe: Loupe could not open a window (" + e.getCause().getMessage() + "); run it in a desktop "
                        + "session, or render the window to a file with ./loupe screenshot --out FILE.png.");
                return 1;
            }
            Platform.setImplicitExit(false);
            CountDownLatch closed = new CountDownLatch(1);
            AtomicReference<Desktop> opened = new AtomicReference<>();
            Platform.runLater(() -> {
                Stage stage = new Stage();
                opened.set(open(stage, storage, paths.models(), runner, loader, quantizer, documents, startup, model,
                        closed::countDown));
                StartupProbe.fromEnvironment().ifPresent(probe -> probe.arm(stage, out));
            });
            closed.await();
            Desktop desktop = opened.get();
            if (desktop != null) {
                FxThread.call(() -> {
                    // An agent run (perhaps waiting for an approval) ends as cancelled, its trace finished, before
                    // the model closes after it on the engine lane.
                    desktop.main().agents().cancel();
                    desktop.engine().close();
                    return null;
                });
            }
            runner.shutdown(SHUTDOWN_MILLIS);
            Platform.exit();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            LOG.error("The desktop app failed", e);
            err.println("loupe: the desktop app stopped because of an unexpected error (" + e.getClass().getSimpleName()
                    + "); the log in " + paths.logs() + " has the details.");
            return 1;
        }
    }
}
