package dev.loupe.ui.agents;

import dev.loupe.agents.run.StepRecord;
import java.util.List;
import java.util.Objects;

/**
 * A stored run with its steps.
 *
 * @param setup what the run was set up with; its seed is the one the run used
 * @param steps the step records in order
 */
public record StoredTrace(TraceSummary summary, AgentSetup setup, List<StepRecord> steps) {
    public StoredTrace {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(setup, "setup");
        steps = List.copyOf(steps);
    }
}
