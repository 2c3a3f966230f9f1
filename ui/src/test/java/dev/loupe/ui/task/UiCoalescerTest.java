package dev.loupe.ui.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class UiCoalescerTest {
    /** Queues UI actions until the test runs them, like a busy JavaFX thread. */
    private static final class QueuedUi implements TaskRunner {
        final Deque<Runnable> posted = new ArrayDeque<>();

        @Override
        public <T> void submit(Lane lane, Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            throw new AssertionError("not used");
        }

        @Override
        public void onUi(Runnable action) {
            posted.add(action);
        }
    }

    @Test
    void aBurstOfRequestsLeavesOnePendingRun() {
        QueuedUi ui = new QueuedUi();
        AtomicInteger runs = new AtomicInteger();
        UiCoalescer coalescer = new UiCoalescer(ui, runs::incrementAndGet);
        for (int token = 0; token < 1_000; token++) {
            coalescer.request();
        }
        assertEquals(1, ui.posted.size());
        assertTrue(coalescer.isPending());
        ui.posted.poll().run();
        assertEquals(1, runs.get());
        assertFalse(coalescer.isPending());
    }

    @Test
    void aRequestAfterTheRunStartedIsNotLost() {
        QueuedUi ui = new QueuedUi();
        AtomicInteger runs = new AtomicInteger();
        UiCoalescer[] holder = new UiCoalescer[1];
        holder[0] = new UiCoalescer(ui, () -> {
            if (runs.incrementAndGet() == 1) {
                holder[0].request(); // a token arriving while the UI draws the previous ones
            }
        });
        holder[0].request();
        ui.posted.poll().run();
        assertEquals(1, ui.posted.size(), "the new request was posted again");
        ui.posted.poll().run();
        assertEquals(2, runs.get());
    }
}
