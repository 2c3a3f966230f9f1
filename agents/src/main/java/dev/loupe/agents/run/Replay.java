package dev.loupe.agents.run;

import java.util.ArrayList;
import java.util.List;

/** Rebuilds a run's timeline from its step records, as it streamed live, to show a stored trace. Stateless. */
public final class Replay {
    private Replay() {
    }

    /** The timeline entries of these records, in order: the same entries the listener got during the run. */
    public static List<AgentStep> timeline(List<StepRecord> records) {
        List<AgentStep> steps = new ArrayList<>();
        for (StepRecord r : records) {
            if (!r.thought().isBlank()) {
                steps.add(new AgentStep(r.step(), StepType.THOUGHT, null, null, r.thought()));
            }
            if (r.answer() != null) {
                steps.add(new AgentStep(r.step(), StepType.ANSWER, null, null, r.answer()));
                continue;
            }
            // A step whose output was invalid never became an action: its observation follows the thought.
            if (r.tool() != null && r.arguments() != null && !r.observation().startsWith(AgentRunner.INVALID_STEP)) {
                steps.add(new AgentStep(r.step(), StepType.ACTION, r.tool(), r.arguments(), ""));
            }
            steps.add(new AgentStep(r.step(), StepType.OBSERVATION, r.tool(), null, r.observation()));
        }
        return steps;
    }
}
