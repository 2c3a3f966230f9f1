package dev.loupe.ui.agents;

import dev.loupe.agents.tool.Tool;
import java.nio.file.Path;
import java.util.List;

/**
 * The tools the agents workspace offers: the built-in ones, and whatever else the app provides (MCP servers, say).
 * The picker lists {@link #tools} as they come, so a new kind of tool appears without a change here.
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
}
