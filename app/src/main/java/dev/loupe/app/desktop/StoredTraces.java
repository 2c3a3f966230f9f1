package dev.loupe.app.desktop;

import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.app.storage.trace.Trace;
import dev.loupe.app.storage.trace.TraceHeader;
import dev.loupe.app.storage.trace.TraceStore;
import dev.loupe.ui.agents.AgentSetup;
import dev.loupe.ui.agents.StoredTrace;
import dev.loupe.ui.agents.TraceRepository;
import dev.loupe.ui.agents.TraceSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agents workspace's {@link TraceRepository} over the H2 {@link TraceStore}, the same tables {@code loupe agent}
 * writes: its runs show in the history too, with the setup their header columns give.
 */
final class StoredTraces implements TraceRepository {
    private final TraceStore store;

    StoredTraces(TraceStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public long start(Instant startedAt, String modelId, String task, AgentSetup setup) {
        long seed = setup.seed().orElseThrow(() -> new IllegalArgumentException("a started run has its seed"));
        long id = store.start(new TraceHeader(startedAt, modelId, task, setup.tools(), setup.limits().maxSteps(), seed));
        store.saveSetup(id, AgentSetups.stored(setup));
        return id;
    }

    @Override
    public void appendStep(long traceId, StepRecord step) {
        store.appendStep(traceId, step);
    }

    @Override
    public void finish(long traceId, AgentResult result) {
        store.finish(traceId, result);
    }

    @Override
    public List<TraceSummary> recent(int limit) {
        return store.recent(limit).stream().map(StoredTraces::summary).toList();
    }

    @Override
    public Optional<StoredTrace> find(long traceId) {
        return store.find(traceId).map(trace -> new StoredTrace(summary(trace),
                store.setup(traceId).map(AgentSetups::of).orElseGet(() -> fromHeader(trace.header())), trace.steps()));
    }

    @Override
    public boolean delete(long traceId) {
        return store.delete(traceId);
    }

    private static TraceSummary summary(Trace trace) {
        TraceHeader h = trace.header();
        return new TraceSummary(trace.id(), h.startedAt(), h.modelId(), h.task(), trace.stopReason(), trace.answer(),
                trace.totalMillis());
    }

    /** A run of {@code loupe agent}: its tools, step limit and seed, the desktop's defaults for the rest. */
    private static AgentSetup fromHeader(TraceHeader header) {
        AgentSetup defaults = AgentSetup.DEFAULTS;
        return new AgentSetup(header.tools(), List.of(), "", defaults.limits().withMaxSteps(header.maxSteps()),
                defaults.temperature(), defaults.seed()).withSeed(header.seed());
    }
}
