package dev.loupe.ui.testing;

import dev.loupe.agents.mcp.McpServerException;
import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.agents.tool.ListFiles;
import dev.loupe.agents.tool.ReadFile;
import dev.loupe.agents.tool.SearchDocuments;
import dev.loupe.agents.tool.Tool;
import dev.loupe.ui.agents.McpServerSetup;
import dev.loupe.ui.agents.ToolCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real built-in tools at a fixed clock, for tests of the agents workspace; {@code search_documents} finds nothing
 * and the documents library has two collections. MCP servers are those {@link #serve}d: a command line it does not
 * know fails to start as a missing program does.
 */
public final class TestTools implements ToolCatalog {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:26:53Z"), ZoneOffset.UTC);
    private final Map<String, List<Tool>> servers = new ConcurrentHashMap<>();
    /** How many servers are running now: started and not yet closed. */
    public final AtomicInteger running = new AtomicInteger();

    /** Lets {@code commandLine} start a server that offers {@code tools}. */
    public void serve(String commandLine, List<Tool> tools) {
        servers.put(commandLine, List.copyOf(tools));
    }

    @Override
    public List<Tool> tools(List<Path> grants, String collection) {
        FolderGrants granted = grants.isEmpty() ? FolderGrants.none() : FolderGrants.of(grants);
        return List.of(new Calculator(), new CurrentTime(CLOCK), new SearchDocuments(request -> List.of()),
                new ReadFile(granted, 8_000), new ListFiles(granted));
    }

    @Override
    public ConnectedServer connect(McpServerSetup server) {
        List<Tool> tools = servers.get(server.commandLine());
        if (tools == null) {
            throw new McpServerException("The MCP server program " + server.commandLine() + " was not found.");
        }
        running.incrementAndGet();
        return new ConnectedServer() {
            @Override
            public List<Tool> tools() {
                return tools;
            }

            @Override
            public void close() {
                running.decrementAndGet();
            }
        };
    }

    @Override
    public List<String> collections() {
        return List.of("notes", "papers");
    }
}
