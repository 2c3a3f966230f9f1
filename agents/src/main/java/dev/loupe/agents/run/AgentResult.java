package dev.loupe.agents.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a run.
 *
 * @param answer the final answer when {@code stopReason} is {@link StopReason#ANSWERED}
 * @param stopReason why the run ended
 * @param records the steps in order
 * @param totalMillis wall time of the run
 */
public record AgentResult(Optional<String> answer, StopReason stopReason, List<StepRecord> records,
                          double totalMillis) {
    public AgentResult {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(stopReason, "stopReason");
        records = List.copyOf(records);
        if (answer.isPresent() != (stopReason == StopReason.ANSWERED)) {
            throw new IllegalArgumentException("an answer goes with ANSWERED and only with it");
        }
    }
}
