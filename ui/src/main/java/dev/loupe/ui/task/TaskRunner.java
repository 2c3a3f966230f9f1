package dev.loupe.ui.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the UI thread and hands the outcome back to it. View-models snapshot their inputs on the UI
 * thread, submit a {@link Callable} that touches nothing observable, and apply the result in {@code onSuccess}.
 *
 * <p>Work on one {@link Lane} runs in submission order, one piece at a time; different lanes run in parallel.
 * Callbacks and {@link #onUi} actions run on the UI thread in the order they were posted.
 */
public interface TaskRunner {

    /** Where work runs. */
    enum Lane {
        /** The model: loading and generating. One thread, so one generation at a time and none during a load. */
        ENGINE,
        /** The database: one thread, so that saves of a streaming reply land in the order they were made. */
        STORAGE,
        /** Long file work that must not hold up the other lanes: importing, quantizing, exporting. */
        FILES,
        /** The documents library: opening it (the embedder loads in seconds), listing and searching, apart from
         *  indexing runs on {@link #FILES}, which can take minutes. */
        DOCUMENTS
    }

    /**
     * Runs {@code work} on {@code lane}, then {@code onSuccess} with its result or {@code onFailure} with what it
     * threw, on the UI thread.
     */
    <T> void submit(Lane lane, Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** Runs {@code action} on the UI thread: now when called there by an immediate runner, later otherwise. */
    void onUi(Runnable action);
}
