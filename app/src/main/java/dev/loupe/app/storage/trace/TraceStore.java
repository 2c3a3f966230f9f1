package dev.loupe.app.storage.trace;

import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.StepRecord;
import java.util.List;
import java.util.Optional;

/**
 * Agent traces. A run is written as it goes: {@link #start} when it begins, {@link #appendStep} after each step,
 * {@link #finish} at the end, so that a crash keeps the steps done so far.
 *
 * <p>Every method is one transaction. Implementations are thread-safe and block on disk I/O: call them off the
 * JavaFX thread.
 */
public interface TraceStore {
    /** Starts a trace; returns its id. */
    long start(TraceHeader header);

    /** Adds one step; step numbers of a trace are unique. */
    void appendStep(long traceId, StepRecord step);

    /** Records how the run ended. */
    void finish(long traceId, AgentResult result);

    /** The trace with its steps. */
    Optional<Trace> find(long traceId);

    /** The newest traces first, without their steps. */
    List<Trace> recent(int limit);

    /** Removes a trace and its steps; returns whether it existed. */
    boolean delete(long traceId);

    /** Keeps the full setup of a trace started by the desktop, so it can be run again. */
    void saveSetup(long traceId, AgentRunSetup setup);

    /** The setup saved with {@link #saveSetup}; empty for runs that saved none (those of {@code loupe agent}). */
    Optional<AgentRunSetup> setup(long traceId);
}
