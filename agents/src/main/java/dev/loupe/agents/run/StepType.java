package dev.loupe.agents.run;

/** What an {@link AgentStep} event shows on the timeline. */
public enum StepType {
    THOUGHT, ACTION, OBSERVATION, ANSWER;

    /** The lower-case name used in JSON output and traces. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
