package dev.loupe.ui.agents;

import dev.loupe.agents.run.AgentLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything a run is set up with besides the model and the task; remembered between starts and stored with each
 * trace so that a run can be repeated.
 *
 * @param tools names of the chosen tools, in the order the model sees them
 * @param grants folders the file tools may see
 * @param collection the documents collection {@code search_documents} searches; empty for all of them
 * @param limits steps, per-tool timeout, total time budget and tokens per step
 * @param temperature the sampler's temperature; the other sampler settings are the defaults
 * @param seed the seed of step 1, or empty to draw one per run
 * @param toolFormat how the model calls its tools
 * @param mcpServers the MCP servers whose tools may be chosen; those with a chosen tool start for the run
 */
public record AgentSetup(List<String> tools, List<Path> grants, String collection, AgentLimits limits,
                         double temperature, OptionalLong seed, ToolFormatChoice toolFormat,
                         List<McpServerSetup> mcpServers) {
    /** A first start: the two tools that need nothing from the user, the runner's default limits. */
    public static final AgentSetup DEFAULTS = new AgentSetup(List.of("calculator", "current_time"), List.of(), "",
            AgentLimits.DEFAULTS, 0.7, OptionalLong.empty());

    /** A setup with the tool format chosen automatically and no MCP servers. */
    public AgentSetup(List<String> tools, List<Path> grants, String collection, AgentLimits limits,
                      double temperature, OptionalLong seed) {
        this(tools, grants, collection, limits, temperature, seed, ToolFormatChoice.AUTO, List.of());
    }

    public AgentSetup {
        tools = List.copyOf(tools);
        grants = List.copyOf(grants);
        collection = collection == null ? "" : collection.strip();
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(seed, "seed");
        toolFormat = toolFormat == null ? ToolFormatChoice.AUTO : toolFormat;
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
    }

    /** The same setup with another seed: a re-run repeats the trace's draw. */
    public AgentSetup withSeed(long value) {
        return new AgentSetup(tools, grants, collection, limits, temperature, OptionalLong.of(value), toolFormat,
                mcpServers);
    }
}
