package dev.loupe.ui.agents;

import dev.loupe.agents.mcp.McpServerSpec;
import java.util.List;
import java.util.Objects;

/**
 * A local MCP server the agents workspace may start, as the setup remembers it: how to start it, whether its tools
 * run without approval, and the tools it listed when last connected (so that they can be chosen again after a
 * restart without starting the server).
 *
 * @param name what the user called it; empty to use the program's name
 * @param commandLine the program and its arguments, split at white space (quotes keep a part together)
 * @param trusted whether its tools run without asking; by default each call waits for approval
 * @param tools the tools it offered when last listed, in its order
 */
public record McpServerSetup(String name, String commandLine, boolean trusted, List<ListedTool> tools) {
    public McpServerSetup {
        name = name == null ? "" : name.strip();
        Objects.requireNonNull(commandLine, "commandLine");
        commandLine = commandLine.strip();
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** The name the user gave, or the program's file name. */
    public String label() {
        return name.isEmpty() ? McpServerSpec.of(commandLine).label() : name;
    }

    /** The same server with the tools it listed now. */
    public McpServerSetup withTools(List<ListedTool> listed) {
        return new McpServerSetup(name, commandLine, trusted, listed);
    }

    /** One tool of a server, as the picker shows it: its name (as the model sees it) and its one line. */
    public record ListedTool(String name, String description) {
        public ListedTool {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
        }
    }
}
