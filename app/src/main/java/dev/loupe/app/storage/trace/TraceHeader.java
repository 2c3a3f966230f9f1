package dev.loupe.app.storage.trace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an agent run was asked to do, known when it starts.
 *
 * @param tools tool names in the order the model saw them; none may contain a comma
 */
public record TraceHeader(Instant startedAt, String modelId, String task, List<String> tools, int maxSteps,
                          long seed) {
    public TraceHeader {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(task, "task");
        tools = List.copyOf(tools);
        if (tools.stream().anyMatch(name -> name.contains(","))) {
            throw new IllegalArgumentException("tool names must not contain commas: " + tools);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max steps must be at least 1, got " + maxSteps);
        }
    }
}
