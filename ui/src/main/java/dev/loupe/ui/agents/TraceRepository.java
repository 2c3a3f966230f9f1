package dev.loupe.ui.agents;

import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where agent runs are kept. A run is written as it goes ({@link #start}, {@link #appendStep} after each step,
 * {@link #finish}), so a crash keeps the steps done. Implementations are thread-safe and block on disk I/O: the
 * workspace writes from the run's thread and reads on the storage lane, never on the UI thread.
 */
public interface TraceRepository {

    /**
     * Starts a trace and returns its id.
     *
     * @param setup the run's setup, with the seed it uses
     */
    long start(Instant startedAt, String modelId, String task, AgentSetup setup);

    void appendStep(long traceId, StepRecord step);

    void finish(long traceId, AgentResult result);

    /** The newest traces first, without their steps. */
    List<TraceSummary> recent(int limit);

    Optional<StoredTrace> find(long traceId);

    /** Removes a trace with its steps; false when it was already gone. */
    boolean delete(long traceId);
}
