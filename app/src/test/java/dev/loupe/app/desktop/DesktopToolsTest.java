package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.inference.CancellationToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools the desktop offers, in the picker's order, with the limits the user set for a run. */
class DesktopToolsTest {
    @TempDir
    Path dir;
    private final DesktopTools tools = new DesktopTools(() -> {
        throw new AssertionError("the documents library opens only when search_documents really searches");
    }, Clock.systemUTC());

    @Test
    void everyBuiltInToolIsOfferedAndCreatingThemOpensNothing() {
        assertEquals(List.of("calculator", "current_time", "search_documents", "read_file", "list_files"),
                tools.tools(List.of(), "").stream().map(Tool::name).toList());
    }

    @Test
    void aGrantedFolderThatIsGoneIsOneSentence() {
        ToolException e = assertThrows(ToolException.class, () -> tools.tools(List.of(dir.resolve("gone")), ""));
        assertTrue(e.getMessage().endsWith("cannot be opened; grant an existing folder."), e.getMessage());
    }

    @Test
    void aRunLimitedToOneCollectionRefusesASearchOfAnother() {
        Tool search = tools.tools(List.of(), "notes").get(2);
        ToolException e = assertThrows(ToolException.class, () -> search.run(JsonNodeFactory.instance.objectNode()
                .put("query", "milk").put("collection", "papers"), new CancellationToken()));
        assertEquals("Only the collection notes is open to this run; search it or leave the collection empty.",
                e.getMessage());
    }
}
