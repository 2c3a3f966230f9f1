package dev.loupe.app.desktop;

import dev.loupe.agents.mcp.McpConnection;
import dev.loupe.agents.mcp.McpServerException;
import dev.loupe.agents.mcp.McpServerSpec;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.agents.tool.SearchDocuments;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.app.agent.BuiltInTools;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchRequest;
import dev.loupe.ui.agents.McpServerSetup;
import dev.loupe.ui.agents.ToolCatalog;
import dev.loupe.ui.documents.DocumentLibrarySource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The tools the desktop offers its agents: the built-in ones, {@code search_documents} over the documents library,
 * which opens only when the tool first runs, and those of local MCP servers over stdio (decision 0056), started with
 * the default start timeout and the CLI's call timeout.
 */
final class DesktopTools implements ToolCatalog {
    private final DocumentLibrarySource documents;
    private final Clock clock;

    DesktopTools(DocumentLibrarySource documents, Clock clock) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Tool> tools(List<Path> grants, String collection) {
        FolderGrants granted = grants.isEmpty() ? FolderGrants.none() : FolderGrants.of(grants);
        List<Tool> tools = new ArrayList<>(BuiltInTools.select(BuiltInTools.NAMES, granted, clock));
        // After calculator and current_time, before the file tools: the order the picker shows.
        tools.add(2, new SearchDocuments(request -> search(request, collection.strip())));
        return tools;
    }

    /** Searches the library, inside {@code collection} when the user limited the tool to one. */
    private List<Hit> search(SearchRequest request, String collection) {
        if (collection.isEmpty()) {
            return documents.library().searcher().search(request);
        }
        Set<String> asked = request.filter().collections();
        if (!asked.isEmpty() && !asked.equals(Set.of(collection))) {
            throw new ToolException("Only the collection " + collection + " is open to this run; search it or leave "
                    + "the collection empty.");
        }
        return documents.library().searcher().search(new SearchRequest(request.query(), request.limit(),
                request.mode(), SearchFilter.collection(collection), request.highlight()));
    }

    @Override
    public ConnectedServer connect(McpServerSetup server) {
        McpServerSpec spec;
        try {
            spec = McpServerSpec.of(server.commandLine()).withSensitive(!server.trusted());
        } catch (IllegalArgumentException e) {
            throw new McpServerException(e.getMessage(), e);
        }
        McpConnection connection = McpConnection.start(spec);
        return new ConnectedServer() {
            @Override
            public List<Tool> tools() {
                return connection.tools();
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    @Override
    public List<String> collections() {
        return documents.library().collections().stream().map(CollectionSettings::name).toList();
    }
}
