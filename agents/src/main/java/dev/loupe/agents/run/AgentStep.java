package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One entry of the run's timeline.
 *
 * @param step 1-based number of the model step this entry belongs to
 * @param type what the entry is
 * @param tool the tool named by an action or observation, or null
 * @param arguments the action's arguments (as run, after any edit at approval), or null
 * @param text the thought, the observation or the answer; empty for an action
 */
public record AgentStep(int step, StepType type, String tool, JsonNode arguments, String text) {
    public AgentStep {
        if (step < 1) {
            throw new IllegalArgumentException("step numbers start at 1, got " + step);
        }
        Objects.requireNonNull(type, "type");
        text = text == null ? "" : text;
        arguments = arguments == null ? null : arguments.deepCopy();
    }
}
