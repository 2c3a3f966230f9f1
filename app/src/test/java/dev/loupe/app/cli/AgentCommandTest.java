package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    void anUnknownToolIsToldInOneSentence() {
        CliTest.Run r = CliTest.run("agent", "--model", SharedModels.stories260K().toString(), "--tools", "shell",
                "do it");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("There is no built-in tool named 'shell'; choose from calculator"), r.err());
    }
}
