package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.agents.mcp.TestMcpServer;
import dev.loupe.agents.run.Replay;
import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.trace.H2TraceStore;
import dev.loupe.app.storage.trace.Trace;
import dev.loupe.inference.testing.SharedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe agent} on the real stories260K. */
class AgentCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonPrintsOneObjectPerTimelineEntryWithinTheStepLimitAndSavesTheTrace(@TempDir Path temp) throws Exception {
        Path db = temp.resolve("loupe");
        CliTest.Run r = CliTest.run("agent", "--model", SharedModels.stories260K().toString(), "--tools",
                "calculator", "--max-steps", "2", "--max-tokens", "16", "--seed", "3", "--json",
                "--trace-db", db.toString(), "What is 2 + 2?");

        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode node = JSON.readTree(line);
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                fields.add(it.next());
            }
            assertEquals(List.of("step", "type", "tool", "arguments", "text"), fields);
            assertTrue(Set.of("thought", "action", "observation", "answer").contains(node.get("type").asText()));
            assertTrue(node.get("step").asInt() >= 1 && node.get("step").asInt() <= 2, line);
            lines.add(node);
        }
        assertTrue(r.err().contains("trace 1]"), r.err());
        try (Database database = Database.open(db)) {
            Trace trace = new H2TraceStore(database).find(1).orElseThrow();
            assertEquals("What is 2 + 2?", trace.header().task());
            assertEquals(List.of("calculator"), trace.header().tools());
            assertTrue(trace.stopReason().isPresent());
            assertTrue(trace.steps().size() <= 2 && !trace.steps().isEmpty());
            List<JsonNode> replayed = Replay.timeline(trace.steps()).stream()
                    .map(step -> (JsonNode) AgentCommand.stepJson(step)).toList();
            assertEquals(lines, replayed);
        }
    }

    @Test
    void constrainedStepsAreTheDefaultSoStoriesWritesValidSteps(@TempDir Path temp) throws Exception {
        CliTest.Run r = CliTest.run("agent", "--model", SharedModels.stories260K().toString(), "--tools",
                "calculator,current_time", "--max-steps", "2", "--max-tokens", "90", "--seed", "16", "--json",
                "--trace-db", temp.resolve("loupe").toString(), "What is 6 times 7?");

        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        assertTrue(r.err().contains(" · react · "), r.err());
        for (String line : r.out().strip().split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertFalse(node.get("text").asText().startsWith("Invalid step"), line);
        }
    }

    @Test
    void mcpServersAddTheirToolsAndEndWithTheRun(@TempDir Path temp) throws Exception {
        String server = String.join(" ", TestMcpServer.command());
        Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        CliTest.Run r = CliTest.run("agent", "--model", SharedModels.stories260K().toString(), "--tools", "calculator",
                "--mcp", server, "--max-steps", "1", "--max-tokens", "8", "--seed", "1", "--unconstrained",
                "--trace-db", temp.resolve("loupe").toString(), "Add 2 and 3");

        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        try (Database database = Database.open(temp.resolve("loupe"))) {
            Trace trace = new H2TraceStore(database).find(1).orElseThrow();
            assertEquals(List.of("calculator", "add", "reverse", "fail", "crash", "slow"), trace.header().tools());
        }
        assertTrue(ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).noneMatch(ProcessHandle::isAlive),
                "the MCP server process ended with the run");
    }

    @Test
    void mcpStartFailuresAndUnsupportedFormatsAreOneSentence(@TempDir Path temp) {
        // A database of its own: the app's default one may belong to another version.
        String db = temp.resolve("loupe").toString();
        CliTest.Run missing = CliTest.run("agent", "--model", SharedModels.stories260K().toString(),
                "--mcp", "/nonexistent/server --stdio", "--trace-db", db, "do it");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("The MCP server '/nonexistent/server --stdio' could not be started: there is no program"),
                missing.err());

        CliTest.Run nativeFormat = CliTest.run("agent", "--model", SharedModels.stories260K().toString(),
                "--tool-format", "native", "--trace-db", db, "do it");
        assertEquals(2, nativeFormat.exit());
        assertTrue(nativeFormat.err().contains("has no chat template that handles tools"), nativeFormat.err());
    }

    @Test
    void anUnknownToolIsToldInOneSentence() {
        CliTest.Run r = CliTest.run("agent", "--model", SharedModels.stories260K().toString(), "--tools", "shell",
                "do it");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("There is no built-in tool named 'shell'; choose from calculator"), r.err());
    }
}
