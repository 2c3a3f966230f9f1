package dev.loupe.ui.testing;

import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.agents.tool.ListFiles;
import dev.loupe.agents.tool.ReadFile;
import dev.loupe.agents.tool.SearchDocuments;
import dev.loupe.agents.tool.Tool;
import dev.loupe.ui.agents.ToolCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The real built-in tools at a fixed clock, for tests of the agents workspace; {@code search_documents} finds nothing
 * and the documents library has two collections.
 */
public final class TestTools implements ToolCatalog {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T09:26:53Z"), ZoneOffset.UTC);

    @Override
    public List<Tool> tools(List<Path> grants, String collection) {
        FolderGrants granted = grants.isEmpty() ? FolderGrants.none() : FolderGrants.of(grants);
        return List.of(new Calculator(), new CurrentTime(CLOCK), new SearchDocuments(request -> List.of()),
                new ReadFile(granted, 8_000), new ListFiles(granted));
    }

    @Override
    public List<String> collections() {
        return List.of("notes", "papers");
    }
}
