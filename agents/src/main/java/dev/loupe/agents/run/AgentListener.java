package dev.loupe.agents.run;

/**
 * Watches a run. Called on the runner's thread, in order; implementations hand work to their own thread (the UI
 * coalesces) and must not block for long.
 */
public interface AgentListener {
    AgentListener NONE = step -> {};

    /** A timeline entry: thought, action, observation or answer. */
    void onStep(AgentStep step);

    /** Text the model is writing for the current step, as it streams. */
    default void onText(String delta) {
    }

    /** The full record of a finished step, after its observation (or answer). */
    default void onRecord(StepRecord record) {
    }
}
