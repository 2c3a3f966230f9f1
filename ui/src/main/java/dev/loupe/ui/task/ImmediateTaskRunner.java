package dev.loupe.ui.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs everything at once on the calling thread: work, then its callback. For view-model tests and headless
 * use, where the caller's thread plays the UI thread; a view-model driven this way behaves as with
 * {@link FxTaskRunner}, only without waiting.
 */
public final class ImmediateTaskRunner implements TaskRunner {
    @Override
    public <T> void submit(Lane lane, Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception | LinkageError e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public void onUi(Runnable action) {
        action.run();
    }
}
