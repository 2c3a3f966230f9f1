package dev.loupe.agents.run;

/**
 * Bounds of one run.
 *
 * @param maxSteps most model steps (each one generation), at least 1
 * @param toolTimeoutMillis longest one tool call may take before it is abandoned and reported as timed out
 * @param totalBudgetMillis longest the whole run may take; checked before each step, between tokens and while a
 *                          tool runs
 * @param maxStepTokens most tokens the model may write in one step
 */
public record AgentLimits(int maxSteps, long toolTimeoutMillis, long totalBudgetMillis, int maxStepTokens) {
    public static final AgentLimits DEFAULTS = new AgentLimits(8, 10_000, 300_000, 256);

    public AgentLimits {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max steps must be at least 1, got " + maxSteps);
        }
        if (toolTimeoutMillis < 1 || totalBudgetMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive, got tool " + toolTimeoutMillis
                    + " ms and total " + totalBudgetMillis + " ms");
        }
        if (maxStepTokens < 1) {
            throw new IllegalArgumentException("max step tokens must be at least 1, got " + maxStepTokens);
        }
    }

    public AgentLimits withMaxSteps(int value) {
        return new AgentLimits(value, toolTimeoutMillis, totalBudgetMillis, maxStepTokens);
    }
}
