package dev.loupe.app.desktop;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;

/** Calls into the JavaFX thread from another one, and waits there for a state, for the launcher and the screenshot. */
final class FxThread {
    private FxThread() {}

    /** Runs {@code work} on the JavaFX thread and returns its result. */
    static <T> T call(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Waits until {@code value} satisfies {@code done}, checking on the JavaFX thread.
     *
     * @throws TimeoutException with {@code what} when it does not happen within {@code timeout}
     */
    static <T> T await(ObservableValue<T> value, Predicate<T> done, Duration timeout, String what) throws Exception {
        CompletableFuture<T> reached = new CompletableFuture<>();
        Platform.runLater(() -> {
            if (done.test(value.getValue())) {
                reached.complete(value.getValue());
                return;
            }
            value.addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends T> observable, T old, T now) {
                    if (done.test(now)) {
                        value.removeListener(this);
                        reached.complete(now);
                    }
                }
            });
        });
        try {
            return reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(what + " did not happen within " + timeout.toSeconds() + " s");
        }
    }
}
