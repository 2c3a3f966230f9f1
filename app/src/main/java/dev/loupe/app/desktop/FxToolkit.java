package dev.loupe.app.desktop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/**
 * Starts JavaFX on a thread of its own, as early as the desktop start can: the toolkit's start (windowing, renderer,
 * fonts; several hundred milliseconds) then overlaps the logging set-up and the database's opening instead of
 * following them. Has no logger, so that starting it does not wait for logging to be configured.
 */
public final class FxToolkit {
    private static final AtomicReference<CompletableFuture<Void>> STARTED = new AtomicReference<>();

    private FxToolkit() {}

    /** Starts the toolkit once per process; the future completes when it runs, or with the reason it cannot. */
    public static CompletableFuture<Void> start() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        if (!STARTED.compareAndSet(null, started)) {
            return STARTED.get();
        }
        Thread.ofPlatform().daemon().name("loupe-fx-start").start(() -> {
            try {
                Platform.startup(() -> {});
                started.complete(null);
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }
}
