package dev.loupe.agents.run;

/** Why a run ended. */
public enum StopReason {
    /** The model gave a final answer. */
    ANSWERED,
    /** The step limit was reached without an answer. */
    MAX_STEPS,
    /** The total time budget ran out. */
    TIME_BUDGET,
    /** The user cancelled. */
    CANCELLED,
    /** The prompt with the steps so far no longer fits the model's context. */
    CONTEXT_FULL
}
