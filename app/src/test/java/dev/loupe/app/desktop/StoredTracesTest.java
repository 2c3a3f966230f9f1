package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.agents.run.AgentLimits;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StopReason;
import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.app.storage.trace.TraceHeader;
import dev.loupe.ui.agents.AgentSetup;
import dev.loupe.ui.agents.StoredTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents workspace's traces and remembered setup over the real H2 database, migrations included. */
class StoredTracesTest {
    @TempDir
    Path home;
    private Storage storage;
    private StoredTraces traces;

    @BeforeEach
    void open() {
        storage = Storage.open(new AppPaths(home, Optional.empty()));
        traces = new StoredTraces(storage.traces());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static StepRecord answer(int step) {
        return new StepRecord(step, "[user]\nWhat is 2 + 2?", "{\"answer\": \"4\"}", "", null, null, "4", null, 30, 9,
                41.5, 0);
    }

    @Test
    void aDesktopRunKeepsItsWholeSetupToRunAgain() throws Exception {
        Path notes = Files.createDirectories(home.resolve("notes"));
        AgentSetup setup = new AgentSetup(List.of("calculator", "read_file"), List.of(notes), "papers",
                new AgentLimits(5, 1_500, 90_000, 200), 0.3, OptionalLong.of(99));
        long id = traces.start(Instant.parse("2026-03-14T10:00:00Z"), "stories260K", "What is 2 + 2?", setup);
        StepRecord first = new StepRecord(1, "[user]\nWhat is 2 + 2?", "{...}", "add", "calculator",
                JsonNodeFactory.instance.objectNode().put("expression", "2 + 2"), null, "4", 30, 12, 50.25, 0.5);
        traces.appendStep(id, first);
        traces.appendStep(id, answer(2));
        traces.finish(id, new AgentResult(Optional.of("4"), StopReason.ANSWERED, List.of(first, answer(2)), 120));

        StoredTrace stored = traces.find(id).orElseThrow();
        assertEquals(setup, stored.setup());
        assertEquals(List.of(first, answer(2)), stored.steps());
        assertEquals(StopReason.ANSWERED, stored.summary().stopReason().orElseThrow());
        assertEquals("What is 2 + 2?", traces.recent(10).getFirst().task());
        assertTrue(traces.delete(id));
        assertTrue(traces.find(id).isEmpty());
    }

    @Test
    void aRunOfTheCommandLineOpensWithTheSetupItsHeaderGives() {
        long id = storage.traces().start(new TraceHeader(Instant.parse("2026-03-14T10:00:00Z"), "stories260K", "Add",
                List.of("calculator"), 3, 1234));
        AgentSetup setup = traces.find(id).orElseThrow().setup();
        assertEquals(List.of("calculator"), setup.tools());
        assertEquals(3, setup.limits().maxSteps());
        assertEquals(1234, setup.seed().getAsLong());
        assertEquals(List.of(), setup.grants());
        assertTrue(traces.find(id).orElseThrow().summary().stopReason().isEmpty(), "it never finished");
    }

    @Test
    void theAgentSetupIsRememberedAndStartsAsTheDefaults() throws Exception {
        StoredUiSettings settings = new StoredUiSettings(storage.settings());
        assertEquals(AgentSetup.DEFAULTS, settings.agentSetup());
        AgentSetup chosen = new AgentSetup(List.of("list_files"), List.of(Files.createDirectories(home.resolve("a b"))),
                "", new AgentLimits(2, 100, 1_000, 16), 1.25, OptionalLong.empty());
        settings.saveAgentSetup(chosen);
        assertEquals(chosen, new StoredUiSettings(storage.settings()).agentSetup());
    }
}
