package dev.loupe.app.server;

import dev.loupe.app.storage.run.Run;
import dev.loupe.app.storage.run.RunLog;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes runs to the runs table on a thread of its own, so neither the network threads nor the generation thread
 * wait for the disk. Thread-safe. Without a run log (a server started without storage) it only drops them.
 */
public final class RunRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final Optional<RunLog> log;
    private final ExecutorService writer;

    public RunRecorder(Optional<RunLog> log) {
        this.log = log;
        this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("loupe-api-runs").daemon().factory());
    }

    /** Queues {@code run} for the runs table; returns at once. */
    public void record(Run run) {
        if (log.isEmpty()) {
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    log.get().record(run);
                } catch (RuntimeException e) {
                    LOG.warn("An API run could not be written to the runs table", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("An API run finished after the server stopped and was not recorded");
        }
    }

    /** Writes what is queued (waiting up to 10 seconds) and stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Some API runs were not written to the runs table before the server stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
