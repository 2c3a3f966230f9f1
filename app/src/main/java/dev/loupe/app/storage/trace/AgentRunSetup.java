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
 * @param toolFormat {@code auto}, {@code react} or {@code native}; null in setups stored before it existed (auto)
 * @param mcpServers the MCP servers the tools could come from; null in setups stored before they existed (none)
 */
public record AgentRunSetup(List<String> tools, List<String> grants, String collection, int maxSteps,
                            long toolTimeoutMillis, long totalBudgetMillis, int maxStepTokens, double temperature,
                            Long seed, String toolFormat, List<McpServer> mcpServers) {
    public AgentRunSetup {
        tools = List.copyOf(tools);
        grants = List.copyOf(grants);
        collection = collection == null ? "" : collection;
        toolFormat = toolFormat == null ? "auto" : toolFormat;
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        if (maxSteps < 1 || toolTimeoutMillis < 1 || totalBudgetMillis < 1 || maxStepTokens < 1) {
            throw new IllegalArgumentException("agent limits must be positive, got " + maxSteps + " steps, "
                    + toolTimeoutMillis + " ms per tool, " + totalBudgetMillis + " ms in all, " + maxStepTokens
                    + " tokens per step");
        }
    }

    /**
     * A local MCP server as stored: its name (may be empty), command line, whether it is trusted and the tools it
     * listed when last connected.
     */
    public record McpServer(String name, String command, boolean trusted, List<McpTool> tools) {
        public McpServer {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    /** A tool an MCP server listed: its name and one-line description. */
    public record McpTool(String name, String description) {
    }
}
