package dev.loupe.ui.agents;

import dev.loupe.agents.run.StopReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A stored run as the history lists it.
 *
 * @param stopReason empty while the run goes on, or when the app stopped during it
 * @param totalMillis wall time of the run, empty when it never finished
 */
public record TraceSummary(long id, Instant startedAt, String modelId, String task, Optional<StopReason> stopReason,
                           Optional<String> answer, OptionalDouble totalMillis) {
    public TraceSummary {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(totalMillis, "totalMillis");
    }
}
