package dev.loupe.ui.testing;

import dev.loupe.ui.task.TaskRunner;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A {@link TaskRunner} with real lanes (one thread each, as in the app) whose UI thread is the test's own thread:
 * callbacks and {@link #onUi} actions queue up until the test pumps them with {@link #pumpUntil}. For view-models
 * whose background work blocks for the user (an agent waiting for an approval), which an immediate runner cannot run.
 */
public final class PumpedTaskRunner implements TaskRunner, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Thread uiThread = Thread.currentThread();
    private final Map<Lane, ExecutorService> lanes = new EnumMap<>(Lane.class);
    private final BlockingQueue<Runnable> ui = new LinkedBlockingQueue<>();

    public PumpedTaskRunner() {
        for (Lane lane : Lane.values()) {
            lanes.put(lane, Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true).factory()));
        }
    }

    @Override
    public <T> void submit(Lane lane, Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        lanes.get(lane).execute(() -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable e) {
                ui.add(() -> onFailure.accept(e));
                return;
            }
            ui.add(() -> onSuccess.accept(result));
        });
    }

    @Override
    public void onUi(Runnable action) {
        if (Thread.currentThread() == uiThread) {
            action.run();
        } else {
            ui.add(action);
        }
    }

    /** Runs queued UI actions on this thread until {@code condition} holds; fails after 20 s. */
    public void pumpUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within " + TIMEOUT.toSeconds() + " s");
            }
            try {
                Runnable next = ui.poll(10, TimeUnit.MILLISECONDS);
                if (next != null) {
                    next.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while pumping", e);
            }
        }
    }

    @Override
    public void close() {
        lanes.values().forEach(ExecutorService::shutdownNow);
    }
}
