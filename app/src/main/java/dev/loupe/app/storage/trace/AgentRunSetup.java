package dev.loupe.app.storage.trace;

import java.util.List;

/**
 * The setup of an agent run as it is stored, in plain values: with a trace (to run it again) and as the setting
 * the desktop's next run starts from.
 *
 * @param tools tool names in the order the model saw them
 * @param grants absolute paths of the folders the file tools could see
 * @param collection the collection {@code search_documents} searched; empty for all
 * @param temperature the sampler's temperature (the other sampler settings were the defaults)
 * @param seed the seed of step 1, or null to draw one per run
 */
public record AgentRunSetup(List<String> tools, List<String> grants, String collection, int maxSteps,
                            long toolTimeoutMillis, long totalBudgetMillis, int maxStepTokens, double temperature,
                            Long seed) {
    public AgentRunSetup {
        tools = List.copyOf(tools);
        grants = List.copyOf(grants);
        collection = collection == null ? "" : collection;
        if (maxSteps < 1 || toolTimeoutMillis < 1 || totalBudgetMillis < 1 || maxStepTokens < 1) {
            throw new IllegalArgumentException("agent limits must be positive, got " + maxSteps + " steps, "
                    + toolTimeoutMillis + " ms per tool, " + totalBudgetMillis + " ms in all, " + maxStepTokens
                    + " tokens per step");
        }
    }
}
