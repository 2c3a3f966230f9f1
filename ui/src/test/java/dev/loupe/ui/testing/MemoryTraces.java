package dev.loupe.ui.testing;

import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.ui.agents.AgentSetup;
import dev.loupe.ui.agents.StoredTrace;
import dev.loupe.ui.agents.TraceRepository;
import dev.loupe.ui.agents.TraceSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Agent traces in memory, for view-model tests; thread-safe as the real store is. */
public final class MemoryTraces implements TraceRepository {
    private final Map<Long, StoredTrace> traces = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized long start(Instant startedAt, String modelId, String task, AgentSetup setup) {
        long id = nextId++;
        traces.put(id, new StoredTrace(new TraceSummary(id, startedAt, modelId, task, Optional.empty(), Optional.empty(),
                OptionalDouble.empty()), setup, List.of()));
        return id;
    }

    @Override
    public synchronized void appendStep(long traceId, StepRecord step) {
        StoredTrace t = traces.get(traceId);
        List<StepRecord> steps = new ArrayList<>(t.steps());
        steps.add(step);
        traces.put(traceId, new StoredTrace(t.summary(), t.setup(), steps));
    }

    @Override
    public synchronized void finish(long traceId, AgentResult result) {
        StoredTrace t = traces.get(traceId);
        TraceSummary s = t.summary();
        traces.put(traceId, new StoredTrace(new TraceSummary(s.id(), s.startedAt(), s.modelId(), s.task(),
                Optional.of(result.stopReason()), result.answer(), OptionalDouble.of(result.totalMillis())), t.setup(),
                t.steps()));
    }

    @Override
    public synchronized List<TraceSummary> recent(int limit) {
        return traces.values().stream().map(StoredTrace::summary)
                .sorted(Comparator.comparingLong(TraceSummary::id).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized Optional<StoredTrace> find(long traceId) {
        return Optional.ofNullable(traces.get(traceId));
    }

    @Override
    public synchronized boolean delete(long traceId) {
        return traces.remove(traceId) != null;
    }
}
