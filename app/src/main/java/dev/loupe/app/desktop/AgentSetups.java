package dev.loupe.app.desktop;

import dev.loupe.agents.run.AgentLimits;
import dev.loupe.app.storage.trace.AgentRunSetup;
import dev.loupe.ui.agents.AgentSetup;
import dev.loupe.ui.agents.McpServerSetup;
import dev.loupe.ui.agents.ToolFormatChoice;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Converts the agents workspace's setup to the plain values the database keeps, and back. Stateless. */
final class AgentSetups {
    private AgentSetups() {
    }

    static AgentRunSetup stored(AgentSetup setup) {
        AgentLimits limits = setup.limits();
        return new AgentRunSetup(setup.tools(), setup.grants().stream().map(Path::toString).toList(), setup.collection(),
                limits.maxSteps(), limits.toolTimeoutMillis(), limits.totalBudgetMillis(), limits.maxStepTokens(),
                setup.temperature(), setup.seed().isPresent() ? setup.seed().getAsLong() : null,
                setup.toolFormat().id(), setup.mcpServers().stream().map(AgentSetups::stored).toList());
    }

    static AgentSetup of(AgentRunSetup stored) {
        return new AgentSetup(stored.tools(), stored.grants().stream().map(Path::of).toList(), stored.collection(),
                new AgentLimits(stored.maxSteps(), stored.toolTimeoutMillis(), stored.totalBudgetMillis(),
                        stored.maxStepTokens()), stored.temperature(),
                stored.seed() == null ? OptionalLong.empty() : OptionalLong.of(stored.seed()),
                ToolFormatChoice.fromId(stored.toolFormat()), stored.mcpServers().stream().map(AgentSetups::of).toList());
    }

    private static AgentRunSetup.McpServer stored(McpServerSetup server) {
        return new AgentRunSetup.McpServer(server.name(), server.commandLine(), server.trusted(), server.tools().stream()
                .map(t -> new AgentRunSetup.McpTool(t.name(), t.description())).toList());
    }

    private static McpServerSetup of(AgentRunSetup.McpServer stored) {
        return new McpServerSetup(stored.name(), stored.command(), stored.trusted(), stored.tools().stream()
                .map(t -> new McpServerSetup.ListedTool(t.name(), t.description())).toList());
    }
}
