package dev.loupe.app.storage.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.JsonFields;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.TickingClock;
import dev.loupe.app.storage.conversation.Conversation;
import dev.loupe.app.storage.conversation.GenerationSetup;
import dev.loupe.app.storage.conversation.H2ConversationStore;
import dev.loupe.app.storage.conversation.Message;
import dev.loupe.app.storage.conversation.Role;
import dev.loupe.app.storage.conversation.Timings;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.sampling.SamplerSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2RunLogTest {
    private static final Instant T0 = Instant.parse("2025-08-01T12:00:00Z");
    private static final SamplerSettings SETTINGS = SamplerSettings.DEFAULTS.withLogitBias(Map.of(9, -1f));

    @TempDir
    Path home;
    private Database db;
    private RunLog runs;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("loupe"));
        runs = new H2RunLog(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Run finished(int minute, RunSource source, String model, String prompt) {
        return Run.finished(T0.plusSeconds(60L * minute), source, model, SETTINGS, minute, prompt,
                new Timings(10 + minute, 20, 150, 12.5, FinishReason.EOS), Optional.empty());
    }

    private List<Long> ids(RunQuery query) {
        return runs.query(query).stream().map(RunRecord::id).toList();
    }

    @Test
    void recordedRunsComeBackAsTheyWere() {
        Run ok = finished(0, RunSource.CHAT, "stories260K", "Once upon a time");
        Run failed = Run.failed(T0.plusMillis(1234), RunSource.API, "qwen", SamplerSettings.GREEDY, -5, "Translate", 3,
                "The model ran out of memory; close other programs.");

        RunRecord a = runs.record(ok);
        RunRecord b = runs.record(failed);
        db.close();
        open();

        assertEquals(Optional.of(new RunRecord(a.id(), ok)), runs.find(a.id()));
        assertEquals(Optional.of(new RunRecord(b.id(), failed)), runs.find(b.id()));
        assertTrue(runs.find(b.id()).orElseThrow().run().failed());
    }

    @Test
    void queriesFilterByTimeRangeSourceModelAndTextNewestFirst() {
        long chat = runs.record(finished(0, RunSource.CHAT, "stories260K", "Tell me about cats")).id();
        long compare = runs.record(finished(1, RunSource.COMPARE, "qwen2.5", "Compare dogs")).id();
        long agents = runs.record(finished(2, RunSource.AGENTS, "stories260K", "Plan a trip")).id();
        long api = runs.record(Run.failed(T0.plusSeconds(180), RunSource.API, "llama", SETTINGS, 1, "x", 1,
                "Context window full; shorten the CATS prompt.")).id();

        assertEquals(List.of(api, agents, compare, chat), ids(RunQuery.ALL));
        assertEquals(List.of(agents, compare), ids(RunQuery.ALL.since(T0.plusSeconds(60)).before(T0.plusSeconds(180))));
        assertEquals(List.of(api, chat), ids(RunQuery.ALL.sources(RunSource.CHAT, RunSource.API)));
        assertEquals(List.of(agents, chat), ids(RunQuery.ALL.model("stories260K")));
        assertEquals(List.of(api, chat), ids(RunQuery.ALL.text("cats")), "matches prompt previews and errors, any case");
        assertEquals(List.of(compare), ids(RunQuery.ALL.text("QWEN")), "matches model ids");
        assertEquals(List.of(agents), ids(RunQuery.ALL.model("stories260K").since(T0.plusSeconds(1)).text("trip")));
        assertEquals(List.of(api, agents), ids(RunQuery.ALL.limit(2)));
        assertEquals(List.of(), ids(RunQuery.ALL.text("100%")));
    }

    @Test
    void aRunKeepsItsDataWhenTheConversationOfItsMessageIsPurged() {
        var conversations = new H2ConversationStore(db, TickingClock.startingAt("2025-08-01T00:00:00Z"));
        Conversation c = conversations.create("chat", "", Optional.empty());
        Message q = conversations.addMessage(c.id(), Optional.empty(), Role.USER, "hi");
        Timings timings = new Timings(1, 1, 1, 1, FinishReason.EOS);
        Message a = conversations.addAssistantMessage(c.id(), q.id(), "hello",
                new GenerationSetup("m", SETTINGS, 1, Optional.empty()), timings, List.of());
        RunRecord linked = runs.record(Run.finished(T0, RunSource.CHAT, "m", SETTINGS, 1, "hi", timings, Optional.of(a.id())));
        assertEquals(Optional.of(a.id()), linked.run().messageId());

        conversations.delete(c.id());
        conversations.purgeTrash(Instant.parse("2030-01-01T00:00:00Z"));

        RunRecord after = runs.find(linked.id()).orElseThrow();
        assertEquals(Optional.empty(), after.run().messageId());
        assertEquals("hi", after.run().promptPreview());
    }

    @Test
    void purgeRemovesOnlyRunsBeforeTheCutoff() {
        runs.record(finished(0, RunSource.CHAT, "m", "old"));
        long kept = runs.record(finished(5, RunSource.CHAT, "m", "new")).id();

        assertEquals(1, runs.purgeBefore(T0.plusSeconds(60)));

        assertEquals(List.of(kept), ids(RunQuery.ALL));
    }

    @Test
    void aRunHasEitherAFinishReasonOrAnError() {
        assertThrows(IllegalArgumentException.class, () -> new Run(T0, RunSource.CHAT, "m", SETTINGS, 1, "", 0, 0, 0, 0,
                Optional.of(FinishReason.EOS), Optional.of("boom"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Run(T0, RunSource.CHAT, "m", SETTINGS, 1, "", 0, 0, 0, 0,
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void longPromptsAreCutToAPreviewWithoutSplittingACharacter() {
        String prompt = "a".repeat(Run.PREVIEW_CHARS - 1) + "🐈 and more";

        Run run = runs.record(finished(0, RunSource.CHAT, "m", prompt)).run();

        assertEquals("a".repeat(Run.PREVIEW_CHARS - 1), run.promptPreview());
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndKeepsFormulasAsText() {
        Run tricky = Run.failed(T0, RunSource.DOCUMENTS, "model, v2", SamplerSettings.GREEDY, 7,
                "=HYPERLINK(\"x\")\nsecond line", 4, "-1 tokens left");
        RunRecord record = runs.record(tricky);

        String csv = RunExport.csv(List.of(record));

        String settings = "\"" + SamplerSettingsJson.toJson(SamplerSettings.GREEDY).replace("\"", "\"\"") + "\"";
        assertEquals("id,started_at,source,model,seed,prompt_tokens,generated_tokens,ttft_ms,tokens_per_second,"
                + "finish_reason,error,message_id,prompt_preview,settings_json\r\n"
                + record.id() + ",2025-08-01T12:00:00Z,documents,\"model, v2\",7,4,0,0,0.0,,'-1 tokens left,,"
                + "\"'=HYPERLINK(\"\"x\"\")\nsecond line\"," + settings + "\r\n", csv);
    }

    @Test
    void jsonExportHasEveryFieldOfEveryRun() {
        RunRecord ok = runs.record(finished(1, RunSource.COMPARE, "qwen", "p"));
        RunRecord failed = runs.record(Run.failed(T0, RunSource.API, "llama", SETTINGS, 2, "q", 3, "oops"));

        JsonNode root = JsonFields.parse(RunExport.json(runs.query(RunQuery.ALL)), "runs");

        assertEquals("loupe.runs", root.get("format").asText());
        JsonNode first = root.get("runs").get(0);
        assertEquals(ok.id(), first.get("id").asLong());
        assertEquals("compare", first.get("source").asText());
        assertEquals("eos", first.get("finishReason").asText());
        assertTrue(first.get("error").isNull());
        assertEquals(12.5, first.get("tokensPerSecond").asDouble());
        assertEquals(SETTINGS, SamplerSettingsJson.fromTree(first.get("settings")));
        JsonNode second = root.get("runs").get(1);
        assertEquals(failed.id(), second.get("id").asLong());
        assertEquals("oops", second.get("error").asText());
        assertTrue(second.get("finishReason").isNull());
        assertEquals("2025-08-01T12:00:00Z", second.get("startedAt").asText());
    }
}
