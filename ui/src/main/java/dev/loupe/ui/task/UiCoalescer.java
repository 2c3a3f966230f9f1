package dev.loupe.ui.task;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a burst of requests from a worker thread into few runs of one action on the UI thread: at most one run is
 * pending at any time, never one per request. The action must read the latest state itself (for example the
 * text generated so far); a request made while it runs schedules one more run, so nothing is missed.
 *
 * <p>Token streaming uses it: the decode loop may produce thousands of tokens per second, the UI shows them at
 * the rate it can draw.
 */
public final class UiCoalescer {
    private final TaskRunner runner;
    private final Runnable action;
    private final AtomicBoolean pending = new AtomicBoolean();

    public UiCoalescer(TaskRunner runner, Runnable action) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** Asks for a run of the action on the UI thread, unless one is already pending. Any thread. */
    public void request() {
        if (pending.compareAndSet(false, true)) {
            runner.onUi(() -> {
                pending.set(false);
                action.run();
            });
        }
    }

    /** Whether a run is posted and has not started yet. */
    public boolean isPending() {
        return pending.get();
    }
}
