package dev.loupe.app.storage.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import dev.loupe.app.storage.TickingClock;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.sampling.SamplerSettings;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ConversationStoreTest {
    private static final GenerationSetup SETUP = new GenerationSetup("stories260K",
            SamplerSettings.DEFAULTS.withLogitBias(Map.of(2, -100f)), 42, Optional.of("Balanced"));
    private static final Timings TIMINGS = new Timings(12, 3, 85, 31.25, FinishReason.EOS);

    @TempDir
    Path home;
    private final TickingClock clock = TickingClock.startingAt("2025-03-01T10:00:00Z");
    private Database db;
    private ConversationStore store;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("loupe"));
        store = new H2ConversationStore(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void reopen() {
        db.close();
        open();
    }

    private Conversation newConversation(String title) {
        return store.create(title, "You are terse.", Optional.of("stories260K"));
    }

    private Message user(Conversation c, Optional<MessageId> parent, String text) {
        return store.addMessage(c.id(), parent, Role.USER, text);
    }

    private Message reply(Conversation c, Message parent, String text) {
        return store.addAssistantMessage(c.id(), parent.id(), text, SETUP, TIMINGS, List.of());
    }

    private List<String> pathContents(Conversation c) {
        return store.activePath(c.id()).stream().map(e -> e.message().content()).toList();
    }

    @Test
    void createdConversationIsFoundWithItsFields() {
        Conversation c = store.create("Cats", "Be brief.", Optional.empty());

        Conversation found = store.find(c.id()).orElseThrow();
        assertEquals(c, found);
        assertEquals("Cats", found.title());
        assertEquals("Be brief.", found.systemPrompt());
        assertEquals(Optional.empty(), found.modelId());
        assertEquals(Instant.parse("2025-03-01T10:00:00Z"), found.createdAt());
        assertEquals(found.createdAt(), found.updatedAt());
        assertFalse(found.isDeleted());
    }

    @Test
    void listShowsTheMostRecentlyUpdatedFirst() {
        Conversation older = newConversation("older");
        Conversation newer = newConversation("newer");
        assertEquals(List.of(newer.id(), older.id()), store.list().stream().map(Conversation::id).toList());

        user(older, Optional.empty(), "bump");

        assertEquals(List.of(older.id(), newer.id()), store.list().stream().map(Conversation::id).toList());
    }

    @Test
    void eachNewChildBecomesActiveSoThePathFollowsTheLatestTurn() {
        Conversation c = newConversation("chat");
        Message q1 = user(c, Optional.empty(), "hi");
        Message a1 = reply(c, q1, "hello");
        Message q2 = user(c, Optional.of(a1.id()), "how are you?");
        reply(c, q2, "fine");

        List<PathEntry> path = store.activePath(c.id());

        assertEquals(List.of("hi", "hello", "how are you?", "fine"), path.stream().map(e -> e.message().content()).toList());
        assertTrue(path.stream().allMatch(e -> e.siblingIndex() == 0 && e.siblingCount() == 1));
        assertEquals(Optional.of(q1.id()), path.get(1).message().parentId());
    }

    @Test
    void editingAUserMessageAddsASiblingAndKeepsTheOriginalWithItsReplies() {
        Conversation c = newConversation("chat");
        Message q1 = user(c, Optional.empty(), "hi");
        Message a1 = reply(c, q1, "hello");
        Message q2 = user(c, Optional.of(a1.id()), "what is 2+2?");
        reply(c, q2, "4");

        Message edited = store.edit(q2.id(), "what is 3+3?");

        assertEquals(q2.parentId(), edited.parentId());
        assertEquals(Role.USER, edited.role());
        assertEquals(List.of("hi", "hello", "what is 3+3?"), pathContents(c));
        assertEquals(List.of(q2.id(), edited.id()), store.siblings(q2.id()).stream().map(Message::id).toList());
        PathEntry last = store.activePath(c.id()).getLast();
        assertEquals(1, last.siblingIndex());
        assertEquals(2, last.siblingCount());
        assertEquals("what is 2+2?", store.message(q2.id()).orElseThrow().content(), "the original is never overwritten");

        store.setActiveChild(q2.id());

        assertEquals(List.of("hi", "hello", "what is 2+2?", "4"), pathContents(c));
    }

    @Test
    void regeneratingAddsAnAssistantSiblingAndSwitchingBackRestoresTheDeeperChoices() {
        Conversation c = newConversation("chat");
        Message q1 = user(c, Optional.empty(), "tell a story");
        Message first = reply(c, q1, "once upon a time");
        Message q2 = user(c, Optional.of(first.id()), "go on");
        reply(c, q2, "the end");
        Message q2b = store.edit(q2.id(), "shorter please");
        reply(c, q2b, "ok");

        Message second = store.startAssistantMessage(c.id(), q1.id(), SETUP);
        store.finishAssistantMessage(second.id(), "long ago", List.of(), TIMINGS);
        Message third = reply(c, q1, "in a galaxy");

        assertEquals(List.of("tell a story", "in a galaxy"), pathContents(c));
        assertEquals(List.of(first.id(), second.id(), third.id()),
                store.siblings(second.id()).stream().map(Message::id).toList());
        assertEquals(2, store.activePath(c.id()).get(1).siblingIndex());
        assertEquals(3, store.activePath(c.id()).get(1).siblingCount());

        store.setActiveChild(first.id());

        assertEquals(List.of("tell a story", "once upon a time", "shorter please", "ok"), pathContents(c),
                "below the first reply the path follows the edit that was active there");
    }

    @Test
    void activeChoicesSurviveReopeningTheDatabase() {
        Conversation c = newConversation("chat");
        Message q1 = user(c, Optional.empty(), "q");
        Message a = reply(c, q1, "a");
        reply(c, q1, "b");
        store.setActiveChild(a.id());

        reopen();

        assertEquals(List.of("q", "a"), pathContents(c));
    }

    @Test
    void firstMessagesAreSiblingsOfEachOther() {
        Conversation c = newConversation("chat");
        Message original = user(c, Optional.empty(), "first try");
        reply(c, original, "answer");
        Message edited = store.edit(original.id(), "second try");

        assertEquals(Optional.empty(), edited.parentId());
        assertEquals(List.of(original.id(), edited.id()), store.siblings(edited.id()).stream().map(Message::id).toList());
        assertEquals(List.of("second try"), pathContents(c));

        store.setActiveChild(original.id());

        assertEquals(List.of("first try", "answer"), pathContents(c));
    }

    @Test
    void siblingsAreScopedToTheirConversation() {
        Conversation one = newConversation("one");
        Conversation two = newConversation("two");
        Message a = user(one, Optional.empty(), "a");
        user(two, Optional.empty(), "b");

        assertEquals(List.of(a.id()), store.siblings(a.id()).stream().map(Message::id).toList());
    }

    @Test
    void aMessageOfAnotherConversationCannotBeAParent() {
        Conversation one = newConversation("one");
        Conversation two = newConversation("two");
        Message a = user(one, Optional.empty(), "a");

        assertThrows(IllegalArgumentException.class, () -> user(two, Optional.of(a.id()), "b"));
        assertEquals(List.of(), store.messages(two.id()));
    }

    @Test
    void searchMatchesTitlesAndMessagesInAnyBranchIgnoringCase() {
        Conversation byTitle = newConversation("Quantum Cats");
        Conversation byContent = newConversation("misc");
        Message q = user(byContent, Optional.empty(), "Tell me about QUANTUM physics");
        store.edit(q.id(), "never mind");
        Conversation unrelated = newConversation("dogs");
        user(unrelated, Optional.empty(), "woof");

        List<ConversationId> found = store.search("quantum").stream().map(Conversation::id).toList();

        assertEquals(List.of(byContent.id(), byTitle.id()), found);
        assertEquals(3, store.search("  ").size());
    }

    @Test
    void searchTreatsWildcardsLiterally() {
        Conversation percent = newConversation("100% sure");
        newConversation("1000 sure");
        Conversation underscore = newConversation("snake_case");
        newConversation("snakeXcase");

        assertEquals(List.of(percent.id()), store.search("100%").stream().map(Conversation::id).toList());
        assertEquals(List.of(underscore.id()), store.search("e_c").stream().map(Conversation::id).toList());
    }

    @Test
    void renameChangesTheTitleAndTheUpdateTime() {
        Conversation c = newConversation("untitled");

        Conversation renamed = store.rename(c.id(), "Cats and physics");

        assertEquals("Cats and physics", renamed.title());
        assertTrue(renamed.updatedAt().isAfter(c.updatedAt()));
        assertEquals(c.createdAt(), renamed.createdAt());
        assertThrows(IllegalArgumentException.class, () -> store.rename(c.id(), " "));
    }

    @Test
    void systemPromptAndModelCanBeChanged() {
        Conversation c = newConversation("chat");

        store.setSystemPrompt(c.id(), "Answer in French.");
        Conversation after = store.setModel(c.id(), Optional.empty());

        assertEquals("Answer in French.", after.systemPrompt());
        assertEquals(Optional.empty(), after.modelId());
    }

    @Test
    void deleteMovesToTheTrashAndRestoreBringsItBackAsItWas() {
        Conversation c = newConversation("to delete");
        Message q = user(c, Optional.empty(), "keep me");
        Conversation before = store.find(c.id()).orElseThrow();

        store.delete(c.id());

        assertEquals(List.of(), store.list());
        assertEquals(List.of(), store.search("keep"));
        assertEquals(List.of(c.id()), store.trash().stream().map(Conversation::id).toList());
        assertTrue(store.find(c.id()).orElseThrow().isDeleted());

        store.restore(c.id());

        assertEquals(List.of(before), store.list());
        assertEquals(List.of(q), store.messages(c.id()));
        assertEquals(List.of(), store.trash());
    }

    @Test
    void purgeRemovesOnlyConversationsTrashedBeforeTheCutoffWithTheirMessagesAndTokens() {
        Conversation old = newConversation("old");
        Message q = user(old, Optional.empty(), "q");
        Message a = store.addAssistantMessage(old.id(), q.id(), "a", SETUP, TIMINGS, TestTokens.generate(0, 50, 3));
        store.edit(q.id(), "q2");
        store.delete(old.id());
        Instant cutoff = clock.peek();
        Conversation recent = newConversation("recent");
        store.delete(recent.id());
        Conversation kept = newConversation("kept");

        int purged = store.purgeTrash(cutoff);

        assertEquals(1, purged);
        assertEquals(Optional.empty(), store.find(old.id()));
        assertEquals(Optional.empty(), store.message(a.id()));
        assertEquals(List.of(), store.tokens(a.id()));
        assertEquals(0L, db.<Long>read("count tokens", c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM message_tokens")) {
                rs.next();
                return rs.getLong(1);
            }
        }));
        assertEquals(List.of(recent.id()), store.trash().stream().map(Conversation::id).toList());
        assertEquals(List.of(kept.id()), store.list().stream().map(Conversation::id).toList());
    }

    @Test
    void streamingAppendsTokensAndFinishingMakesTheReplyComplete() {
        Conversation c = newConversation("stream");
        Message q = user(c, Optional.empty(), "count");
        List<TokenEvent> tokens = TestTokens.generate(0, 40, 5);

        Message streaming = store.startAssistantMessage(c.id(), q.id(), SETUP);
        assertEquals(MessageStatus.STREAMING, streaming.status());
        assertEquals("", streaming.content());
        for (int from = 0; from < 30; from += 10) {
            List<TokenEvent> part = tokens.subList(from, from + 10);
            store.saveProgress(streaming.id(), TestTokens.text(tokens.subList(0, from + 10)), part);
            assertEquals(tokens.subList(0, from + 10), store.tokens(streaming.id()));
        }
        Message done = store.finishAssistantMessage(streaming.id(), TestTokens.text(tokens), tokens.subList(30, 40), TIMINGS);

        assertEquals(MessageStatus.COMPLETE, done.status());
        assertEquals(TestTokens.text(tokens), done.content());
        assertEquals(Optional.of(TIMINGS), done.timings());
        assertEquals(Optional.of(SETUP), done.generation());
        assertEquals(tokens, store.tokens(streaming.id()));
        assertEquals(done, store.activePath(c.id()).getLast().message());
    }

    @Test
    void progressTokensMustContinueTheSavedOnes() {
        Conversation c = newConversation("stream");
        Message q = user(c, Optional.empty(), "q");
        Message streaming = store.startAssistantMessage(c.id(), q.id(), SETUP);
        store.saveProgress(streaming.id(), "ab", TestTokens.generate(0, 2, 1));

        assertThrows(IllegalArgumentException.class,
                () -> store.saveProgress(streaming.id(), "abcd", TestTokens.generate(3, 1, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> store.saveProgress(streaming.id(), "abcd", TestTokens.generate(1, 2, 1)));

        assertEquals("ab", store.message(streaming.id()).orElseThrow().content(), "a refused save changes nothing");
        assertEquals(2, store.tokens(streaming.id()).size());
    }

    @Test
    void aFinishedReplyNeverChanges() {
        Conversation c = newConversation("stream");
        Message q = user(c, Optional.empty(), "q");
        Message streaming = store.startAssistantMessage(c.id(), q.id(), SETUP);
        store.finishAssistantMessage(streaming.id(), "final", List.of(), TIMINGS);

        assertThrows(IllegalStateException.class, () -> store.saveProgress(streaming.id(), "changed", List.of()));
        assertThrows(IllegalStateException.class,
                () -> store.finishAssistantMessage(streaming.id(), "changed", List.of(), TIMINGS));
        assertEquals("final", store.message(streaming.id()).orElseThrow().content());
    }

    @Test
    void aFailedGenerationKeepsItsTextAsInterrupted() {
        Conversation c = newConversation("stream");
        Message q = user(c, Optional.empty(), "q");
        Message streaming = store.startAssistantMessage(c.id(), q.id(), SETUP);

        Message interrupted = store.interruptAssistantMessage(streaming.id(), "partial", TestTokens.generate(0, 3, 0));

        assertEquals(MessageStatus.INTERRUPTED, interrupted.status());
        assertEquals("partial", interrupted.content());
        assertEquals(Optional.empty(), interrupted.timings());
        assertEquals(3, store.tokens(streaming.id()).size());
    }

    @Test
    void repliesLeftStreamingByACrashAreMarkedInterrupted() {
        Conversation c = newConversation("stream");
        Message q = user(c, Optional.empty(), "q");
        Message cutOff = store.startAssistantMessage(c.id(), q.id(), SETUP);
        store.saveProgress(cutOff.id(), "half a sen", List.of());
        Message finished = reply(c, q, "whole");

        reopen();
        int marked = store.markStreamingInterrupted();

        assertEquals(1, marked);
        assertEquals(MessageStatus.INTERRUPTED, store.message(cutOff.id()).orElseThrow().status());
        assertEquals("half a sen", store.message(cutOff.id()).orElseThrow().content());
        assertEquals(MessageStatus.COMPLETE, store.message(finished.id()).orElseThrow().status());
        assertEquals(0, store.markStreamingInterrupted());
    }

    @Test
    void twoThousandTokensWithAlternativesReadBackExactly() {
        Conversation c = newConversation("long");
        Message q = user(c, Optional.empty(), "write a lot");
        List<TokenEvent> tokens = TestTokens.generate(0, 2_000, 10);

        Message a = store.addAssistantMessage(c.id(), q.id(), TestTokens.text(tokens), SETUP, TIMINGS, tokens);
        reopen();

        assertEquals(tokens, store.tokens(a.id()));
        assertEquals(List.of(), store.tokens(q.id()));
    }

    @Test
    void assistantRepliesKeepTheirFullGenerationSetup() {
        Conversation c = newConversation("chat");
        Message q = user(c, Optional.empty(), "q");
        var setup = new GenerationSetup("qwen2.5-0.5b", new SamplerSettings(0.33, 7, 0.5, 0.01, 0.9, 1.3, 0.2, -0.1, 0,
                Map.of(1, 0.5f, 99, Float.NEGATIVE_INFINITY)), -123456789012L, Optional.empty());
        var timings = new Timings(1000, 0, 0, 0, FinishReason.CANCELLED);

        Message a = store.addAssistantMessage(c.id(), q.id(), "", setup, timings, List.of());
        reopen();

        Message back = store.message(a.id()).orElseThrow();
        assertEquals(Optional.of(setup), back.generation());
        assertEquals(Optional.of(timings), back.timings());
        assertEquals(Optional.empty(), store.message(q.id()).orElseThrow().generation());
    }

    @Test
    void messagesListEveryBranchInTheOrderTheyWereAdded() {
        Conversation c = newConversation("chat");
        Message q = user(c, Optional.empty(), "q");
        Message a = reply(c, q, "a");
        Message b = reply(c, q, "b");
        Message q2 = store.edit(q.id(), "q2");

        assertEquals(List.of(q, a, b, q2), store.messages(c.id()));
    }

    @Test
    void concurrentWritersFromSeveralThreadsLoseNothing() throws Exception {
        Conversation c = newConversation("busy");
        Message q = user(c, Optional.empty(), "q");
        int threads = 4;
        int repliesEach = 25;
        var start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<MessageId>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    start.await();
                    List<MessageId> ids = new ArrayList<>();
                    for (int i = 0; i < repliesEach; i++) {
                        Message streaming = store.startAssistantMessage(c.id(), q.id(), SETUP);
                        store.saveProgress(streaming.id(), thread + "/" + i, TestTokens.generate(0, 3, 2));
                        store.finishAssistantMessage(streaming.id(), thread + "/" + i + " done", List.of(), TIMINGS);
                        store.activePath(c.id());
                        ids.add(streaming.id());
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<MessageId> written = new HashSet<>();
            for (var future : work) {
                written.addAll(future.get(2, TimeUnit.MINUTES));
            }

            List<Message> siblings = store.siblings(written.iterator().next());
            assertEquals(threads * repliesEach, written.size());
            assertEquals(written, siblings.stream().map(Message::id).collect(Collectors.toSet()));
            assertTrue(siblings.stream().allMatch(m -> m.status() == MessageStatus.COMPLETE && m.content().endsWith(" done")));
            assertTrue(siblings.stream().allMatch(m -> store.tokens(m.id()).equals(TestTokens.generate(0, 3, 2))));
            assertEquals(threads * repliesEach, store.activePath(c.id()).getLast().siblingCount());
        }
    }

    @Test
    void tooLongTextIsRefusedWithItsLength() {
        Conversation c = newConversation("chat");
        String huge = "x".repeat(H2ConversationStore.MAX_TEXT_CHARS + 1);

        var e = assertThrows(StorageException.class, () -> user(c, Optional.empty(), huge));

        assertTrue(e.getMessage().contains("1000001 characters"), e.getMessage());
        assertEquals(List.of(), store.messages(c.id()));
    }

    @Test
    void writingToAConversationThatWasPurgedIsAStorageException() {
        Conversation c = newConversation("gone");
        store.delete(c.id());
        store.purgeTrash(clock.peek());

        var e = assertThrows(StorageException.class, () -> user(c, Optional.empty(), "hello?"));
        assertTrue(e.getMessage().startsWith("This conversation no longer exists"), e.getMessage());
        assertThrows(StorageException.class, () -> store.activePath(c.id()));
    }
}
