package dev.loupe.app.storage.trace;

import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StopReason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A stored agent run.
 *
 * @param stopReason empty while the run is going on, or if the app stopped during it
 * @param steps the steps in order
 */
public record Trace(long id, TraceHeader header, Optional<StopReason> stopReason, Optional<String> answer,
                    OptionalDouble totalMillis, List<StepRecord> steps) {
    public Trace {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(totalMillis, "totalMillis");
        steps = List.copyOf(steps);
    }
}
