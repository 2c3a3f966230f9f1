package dev.loupe.ui.agents;

import dev.loupe.agents.tool.Tool;
import java.nio.file.Path;
import java.util.List;

/**
 * The tools the agents workspace offers: the built-in ones ({@link #tools}, listed as they come) and those of local
 * MCP servers the user adds ({@link #connect}).
 */
public interface ToolCatalog {

    /**
     * Every tool the user may pick, in the order offered, configured for one run. Creating them does no I/O: file
     * tools check their grants and {@code search_documents} opens the library only when they run.
     *
     * @param grants the folders the file tools may see
     * @param collection the collection {@code search_documents} is limited to; empty for all
     * @throws dev.loupe.agents.tool.ToolException when a granted folder cannot be used, in one sentence
     */
    List<Tool> tools(List<Path> grants, String collection);

    /** The names of the documents collections. Blocks (the library opens on first use); never on the UI thread. */
    List<String> collections();

    /**
     * Starts a local MCP server and lists its tools, ready to call. Blocks for the process start and the handshake
     * (seconds): never on the UI thread. The caller closes it, which ends the process.
     *
     * @throws RuntimeException when the server cannot be started (missing program, crash or silence at the
     *                          handshake, a malformed command line), with one sentence as its message
     */
    ConnectedServer connect(McpServerSetup server);

    /** A running MCP server: its tools, sensitive unless the server is trusted. Closing it ends the process. */
    interface ConnectedServer extends AutoCloseable {
        List<Tool> tools();

        @Override
        void close();
    }
}
