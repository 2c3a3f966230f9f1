package dev.loupe.app.agent;

import dev.loupe.agents.run.AgentListener;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.AgentStep;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.app.storage.trace.TraceHeader;
import dev.loupe.app.storage.trace.TraceStore;
import java.util.Objects;

/**
 * Saves a run into a {@link TraceStore} as it goes and passes every event on to another listener. Each step is on
 * disk before the next one starts, so a crash keeps what was done. Used on the runner's thread.
 */
public final class TraceRecorder implements AgentListener {
    private final TraceStore store;
    private final AgentListener next;
    private final long traceId;

    /** Starts the trace now. */
    public TraceRecorder(TraceStore store, TraceHeader header, AgentListener next) {
        this.store = Objects.requireNonNull(store, "store");
        this.next = Objects.requireNonNull(next, "next");
        this.traceId = store.start(header);
    }

    public long traceId() {
        return traceId;
    }

    @Override
    public void onStep(AgentStep step) {
        next.onStep(step);
    }

    @Override
    public void onText(String delta) {
        next.onText(delta);
    }

    @Override
    public void onRecord(StepRecord record) {
        store.appendStep(traceId, record);
        next.onRecord(record);
    }

    /** Records how the run ended. */
    public void finish(AgentResult result) {
        store.finish(traceId, result);
    }
}
