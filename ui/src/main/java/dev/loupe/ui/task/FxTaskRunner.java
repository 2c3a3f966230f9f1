package dev.loupe.ui.task;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The desktop app's runner: one daemon thread per lane, callbacks through {@link Platform#runLater}. */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FxTaskRunner.class);

    private final Map<Lane, ExecutorService> lanes = new EnumMap<>(Lane.class);

    public FxTaskRunner() {
        for (Lane lane : Lane.values()) {
            lanes.put(lane, Executors.newSingleThreadExecutor(Thread.ofPlatform()
                    .name("loupe-" + lane.name().toLowerCase(java.util.Locale.ROOT))
                    .daemon(true)
                    .factory()));
        }
    }

    /**
     * {@inheritDoc} After {@link #shutdown} the work is dropped: the app is closing, and a listener that reacts to the
     * last result (a model that finished loading as the window closed) must not fail on the UI thread.
     */
    @Override
    public <T> void submit(Lane lane, Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        try {
            lanes.get(lane).execute(task(work, onSuccess, onFailure));
        } catch (RejectedExecutionException closing) {
            LOG.debug("Dropped work submitted to the {} lane after shutdown", lane);
        }
    }

    private static <T> Runnable task(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        return () -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable e) {
                Platform.runLater(() -> onFailure.accept(e));
                return;
            }
            Platform.runLater(() -> onSuccess.accept(result));
        };
    }

    @Override
    public void onUi(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /**
     * Lets queued work finish (a reply being saved must reach the database) and stops the threads. Waits at most
     * {@code timeoutMillis} per lane.
     */
    public void shutdown(long timeoutMillis) {
        lanes.values().forEach(ExecutorService::shutdown);
        for (var entry : lanes.entrySet()) {
            try {
                if (!entry.getValue().awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    LOG.warn("The {} lane was still busy after {} ms at shutdown", entry.getKey(), timeoutMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        shutdown(5_000);
    }
}
