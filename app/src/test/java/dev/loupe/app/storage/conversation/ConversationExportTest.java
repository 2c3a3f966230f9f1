package dev.loupe.app.storage.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import dev.loupe.app.storage.TickingClock;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.sampling.SamplerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationExportTest {
    private static final GenerationSetup SETUP = new GenerationSetup("stories260K",
            SamplerSettings.DEFAULTS.withLogitBias(Map.of(5, -3.25f)), 7, Optional.of("Creative"));

    @TempDir
    Path home;
    private Database db;
    private ConversationStore store;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("one").resolve("loupe"));
        store = new H2ConversationStore(db, TickingClock.startingAt("2025-04-02T08:30:00Z"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Branches at the root and in the middle, a switched-back choice, streaming leftovers and odd token texts. */
    private Conversation richConversation() {
        Conversation c = store.create("Branches & \"quotes\"", "Be kind.\nBe brief.", Optional.of("stories260K"));
        Message q1 = store.addMessage(c.id(), Optional.empty(), Role.USER, "Tell me a story 🐈");
        List<TokenEvent> tokens = TestTokens.generate(0, 300, 5);
        Message a1 = store.addAssistantMessage(c.id(), q1.id(), TestTokens.text(tokens), SETUP,
                new Timings(9, 300, 120, 18.5, FinishReason.MAX_TOKENS), tokens);
        Message a2 = store.startAssistantMessage(c.id(), q1.id(), SETUP);
        store.saveProgress(a2.id(), "Once", TestTokens.generate(0, 2, 2));
        store.interruptAssistantMessage(a2.id(), "Once upon", TestTokens.generate(2, 1, 2));
        store.setActiveChild(a1.id());
        Message q2 = store.addMessage(c.id(), Optional.of(a1.id()), Role.USER, "Shorter?");
        store.edit(q2.id(), "Longer?");
        store.setActiveChild(q2.id());
        store.edit(q1.id(), "Tell me a poem");
        store.setActiveChild(q1.id());
        store.addMessage(c.id(), Optional.of(q2.id()), Role.SYSTEM, "(note) user left");
        return c;
    }

    @Test
    void exportThenImportGivesAnIdenticalTree() throws Exception {
        Conversation original = richConversation();
        ConversationTree exported = store.exportTree(original.id());
        Path file = home.resolve("export.json");
        String json = ConversationJson.write(exported);
        assertTrue(json.contains("\\uD83D\""), "a lone surrogate half is escaped so the file stays valid UTF-8");
        Files.writeString(file, json, StandardCharsets.UTF_8);

        ConversationTree read = ConversationJson.read(Files.readString(file, StandardCharsets.UTF_8));
        try (Database other = Database.open(home.resolve("two").resolve("loupe"))) {
            var otherStore = new H2ConversationStore(other, TickingClock.startingAt("2030-01-01T00:00:00Z"));
            Conversation imported = otherStore.importTree(read);

            ConversationTree again = otherStore.exportTree(imported.id());
            assertEquals(exported, read);
            assertEquals(exported, again);
            assertEquals(ConversationJson.write(exported), ConversationJson.write(again));
            assertEquals(contents(store.activePath(original.id())), contents(otherStore.activePath(imported.id())));
            assertEquals(original.createdAt(), imported.createdAt());
        }
    }

    @Test
    void importingIntoTheSameDatabaseAddsACopyWithNewIds() {
        Conversation original = richConversation();

        Conversation copy = store.importTree(store.exportTree(original.id()));

        assertNotEquals(original.id(), copy.id());
        assertEquals(store.exportTree(original.id()), store.exportTree(copy.id()));
        assertEquals(2, store.list().size());
        List<Message> before = store.messages(original.id());
        List<Message> after = store.messages(copy.id());
        assertEquals(before.size(), after.size());
        assertTrue(after.getFirst().id().value() > before.getLast().id().value());
    }

    @Test
    void exportKeepsTheBranchChoicesAndTheTokens() {
        Conversation c = richConversation();

        ConversationTree tree = store.exportTree(c.id());

        assertEquals(List.of("Tell me a story 🐈", TestTokens.text(TestTokens.generate(0, 300, 5)), "Shorter?", "(note) user left"),
                tree.activePath().stream().map(ConversationTree.Node::content).toList());
        ConversationTree.Node reply = tree.activePath().get(1);
        assertEquals(TestTokens.generate(0, 300, 5), reply.tokens());
        assertEquals(1, tree.nodes().stream().filter(n -> n.status() == MessageStatus.INTERRUPTED).count());
        assertEquals(store.tokens(store.activePath(c.id()).get(1).message().id()), reply.tokens());
    }

    @Test
    void aReplyExportedWhileStreamingIsImportedAsInterrupted() {
        Conversation c = store.create("live", "", Optional.empty());
        Message q = store.addMessage(c.id(), Optional.empty(), Role.USER, "q");
        Message streaming = store.startAssistantMessage(c.id(), q.id(), SETUP);
        store.saveProgress(streaming.id(), "half", TestTokens.generate(0, 2, 1));

        Conversation copy = store.importTree(ConversationJson.read(ConversationJson.write(store.exportTree(c.id()))));

        Message imported = store.activePath(copy.id()).getLast().message();
        assertEquals(MessageStatus.INTERRUPTED, imported.status());
        assertEquals("half", imported.content());
        assertEquals(TestTokens.generate(0, 2, 1), store.tokens(imported.id()));
        assertEquals(MessageStatus.STREAMING, store.message(streaming.id()).orElseThrow().status());
    }

    @Test
    void newerFormatIsRefusedWithAnUpdateHint() {
        String json = ConversationJson.write(store.exportTree(richConversation().id()))
                .replaceFirst("\"version\":1", "\"version\":3");

        var e = assertThrows(StorageException.class, () -> ConversationJson.read(json));

        assertEquals("This conversation was exported by a newer Loupe (format 3); update Loupe to import it.", e.getMessage());
    }

    @Test
    void otherJsonIsRefusedAsNotAnExport() {
        var e = assertThrows(StorageException.class, () -> ConversationJson.read("{\"messages\":[]}"));
        assertTrue(e.getMessage().startsWith("This file is not a Loupe conversation export"), e.getMessage());
        assertThrows(StorageException.class, () -> ConversationJson.read("[1, 2"));
    }

    @Test
    void aChildBeforeItsParentIsRefusedAndNothingIsImported() {
        String json = """
                {"format":"loupe.conversation","version":1,"title":"t","systemPrompt":"","model":null,
                 "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z",
                 "messages":[{"ref":2,"parent":1,"role":"user","status":"complete","createdAt":"2025-01-01T00:00:00Z",
                              "active":true,"content":"orphan","tokens":[]}]}""";

        var e = assertThrows(StorageException.class, () -> ConversationJson.read(json));

        assertTrue(e.getMessage().contains("comes before its parent"), e.getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    void markdownShowsTheActiveBranchWithHowEachReplyWasMade() {
        Conversation c = store.create("Cats", "Be brief.", Optional.of("stories260K"));
        Message q = store.addMessage(c.id(), Optional.empty(), Role.USER, "Hi");
        store.addAssistantMessage(c.id(), q.id(), "Meow.", SETUP, new Timings(4, 2, 95, 12.34, FinishReason.STOP_STRING), List.of());
        store.addAssistantMessage(c.id(), q.id(), "Purr.", new GenerationSetup(SETUP.modelId(), SETUP.settings(), SETUP.seed(), Optional.empty()), new Timings(4, 2, 80, 10, FinishReason.EOS), List.of());

        String md = ConversationMarkdown.write(store.exportTree(c.id()));

        assertEquals("""
                # Cats

                - Model: stories260K
                - Created: 2025-04-02T08:30:00Z
                - Updated: 2025-04-02T08:30:03Z

                ## System prompt

                > Be brief.

                ## User

                Hi

                ## Assistant (2 of 2)

                Purr.

                *stories260K · seed 7 · 4 prompt tokens, 2 generated · first token 80 ms · 10.0 tok/s · eos*
                """, md);
    }

    private static List<String> contents(List<PathEntry> path) {
        return path.stream().map(e -> e.message().content()).toList();
    }
}
