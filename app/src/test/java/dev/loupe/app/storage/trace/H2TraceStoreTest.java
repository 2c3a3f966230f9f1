package dev.loupe.app.storage.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.AgentStep;
import dev.loupe.agents.run.Replay;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StepType;
import dev.loupe.agents.run.StopReason;
import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2TraceStoreTest {
    @TempDir
    Path home;
    private Database db;
    private TraceStore store;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("loupe"));
        store = new H2TraceStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static final TraceHeader HEADER = new TraceHeader(Instant.parse("2026-03-01T10:15:30.123456Z"),
            "stories260K", "What is 2+2?", List.of("calculator", "current_time"), 5, 42);

    private static StepRecord action() {
        return new StepRecord(1, "[system]\n...", "{\"thought\":\"add\",\"action\":\"calculator\"}", "add",
                "calculator", JsonNodeFactory.instance.objectNode().put("expression", "2+2"), null, "4", 120, 30,
                80.5, 0.25);
    }

    private static StepRecord answer() {
        return new StepRecord(2, "[system]\n...", "{\"answer\":\"4\"}", "", null, null, "4", null, 140, 10, 20, 0);
    }

    @Test
    void aFinishedTraceReopensWithEveryStepAndReplaysItsTimeline() {
        long id = store.start(HEADER);
        store.appendStep(id, action());
        store.appendStep(id, answer());
        store.finish(id, new AgentResult(Optional.of("4"), StopReason.ANSWERED, List.of(action(), answer()), 101.5));

        Trace trace = store.find(id).orElseThrow();
        assertEquals(Instant.parse("2026-03-01T10:15:30.123Z"), trace.header().startedAt());
        assertEquals(List.of("calculator", "current_time"), trace.header().tools());
        assertEquals(Optional.of(StopReason.ANSWERED), trace.stopReason());
        assertEquals(Optional.of("4"), trace.answer());
        assertEquals(101.5, trace.totalMillis().orElseThrow());
        assertEquals(List.of(action(), answer()), trace.steps());
        assertEquals(List.of(
                new AgentStep(1, StepType.THOUGHT, null, null, "add"),
                new AgentStep(1, StepType.ACTION, "calculator", action().arguments(), ""),
                new AgentStep(1, StepType.OBSERVATION, "calculator", null, "4"),
                new AgentStep(2, StepType.ANSWER, null, null, "4")), Replay.timeline(trace.steps()));
    }

    @Test
    void aRunThatNeverFinishedKeepsItsStepsAndHasNoOutcome() {
        long id = store.start(HEADER);
        store.appendStep(id, action());

        Trace trace = store.find(id).orElseThrow();
        assertTrue(trace.stopReason().isEmpty());
        assertTrue(trace.totalMillis().isEmpty());
        assertEquals(1, trace.steps().size());
    }

    @Test
    void recentListsNewestFirstAndDeleteRemovesTheStepsToo() {
        long older = store.start(HEADER);
        long newer = store.start(new TraceHeader(HEADER.startedAt().plusSeconds(60), "m", "t", List.of(), 1, 0));
        store.appendStep(older, action());

        assertEquals(List.of(newer, older), store.recent(10).stream().map(Trace::id).toList());
        assertTrue(store.delete(older));
        assertFalse(store.delete(older));
        assertTrue(store.find(older).isEmpty());
        assertEquals(List.of(newer), store.recent(10).stream().map(Trace::id).toList());
    }

    @Test
    void aStepNumberIsStoredOnce() {
        long id = store.start(HEADER);
        store.appendStep(id, action());
        assertThrows(StorageException.class, () -> store.appendStep(id, action()));
    }

    @Test
    void finishingAMissingTraceSaysSo() {
        assertThrows(StorageException.class, () -> store.finish(999,
                new AgentResult(Optional.empty(), StopReason.CANCELLED, List.of(), 1)));
    }
}
