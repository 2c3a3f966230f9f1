package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.lab.JudgeVerdict;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.chat.ConversationSummary;
import dev.loupe.ui.chat.MessageState;
import dev.loupe.ui.chat.ReplySetup;
import dev.loupe.ui.chat.ReplyTimings;
import dev.loupe.ui.chat.StoredMessage;
import dev.loupe.ui.compare.ColumnSetup;
import dev.loupe.ui.compare.ComparisonSummary;
import dev.loupe.ui.compare.ModelChoice;
import dev.loupe.ui.compare.SavedColumn;
import dev.loupe.ui.compare.SavedComparison;
import dev.loupe.ui.compare.SavedVerdict;
import dev.loupe.ui.runs.NewRun;
import dev.loupe.ui.runs.RunFilter;
import dev.loupe.ui.runs.RunOrigin;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.settings.WindowPlacement;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's ports over the real H2 stores. */
class StoredAdaptersTest {
    @TempDir
    Path home;
    private Storage storage;
    private StoredConversations conversations;

    @BeforeEach
    void open() {
        storage = Storage.open(new AppPaths(home, Optional.empty()));
        conversations = new StoredConversations(storage.conversations());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static List<TokenEvent> tokens(int from, String... texts) {
        return java.util.stream.IntStream.range(0, texts.length)
                .mapToObj(i -> new TokenEvent(from + i, 10 + i, texts[i], 0.5f, -0.69f, 1f, List.of(new TopToken(10 + i, texts[i], 0.5f))))
                .toList();
    }

    private StoredMessage reply(long conversation, long parent, String text) {
        StoredMessage started = conversations.startReply(conversation, parent,
                new ReplySetup("stories260K", SamplerSettings.DEFAULTS, 7, Optional.of("Balanced")));
        conversations.saveProgress(started.id(), text.substring(0, 1), tokens(0, text.substring(0, 1)));
        return conversations.finishReply(started.id(), text, tokens(1, text.substring(1)),
                new ReplyTimings(5, 2, 12, 300.5, FinishReason.EOS));
    }

    @Test
    void aRegeneratedReplyIsASiblingAndRevealSwitchesTheWholeBranch() {
        ConversationSummary chat = conversations.create("Dogs", "", Optional.of("stories260K"));
        StoredMessage user = conversations.addUserMessage(chat.id(), Optional.empty(), "Tell me about dogs");
        StoredMessage first = reply(chat.id(), user.id(), "Woof");
        StoredMessage second = reply(chat.id(), user.id(), "Bark");

        assertEquals(1, second.siblingIndex());
        assertEquals(2, second.siblingCount());
        assertEquals(List.of(first.id(), second.id()), conversations.siblingIds(second.id()));
        List<StoredMessage> path = conversations.activePath(chat.id());
        assertEquals(List.of("Tell me about dogs", "Bark"), path.stream().map(StoredMessage::content).toList());
        assertEquals(ChatMessage.Role.ASSISTANT, path.get(1).role());
        assertEquals(MessageState.COMPLETE, path.get(1).state());
        assertEquals(new ReplyTimings(5, 2, 12, 300.5, FinishReason.EOS), path.get(1).timings().orElseThrow());
        assertEquals(Optional.of("Balanced"), path.get(1).setup().orElseThrow().presetName());

        conversations.reveal(first.id());
        assertEquals("Woof", conversations.activePath(chat.id()).get(1).content());
        assertEquals(Optional.of(chat.id()), conversations.conversationOf(first.id()));
    }

    @Test
    void deleteAndRestoreAndSearch() {
        ConversationSummary chat = conversations.create("Kites", "", Optional.empty());
        conversations.addUserMessage(chat.id(), Optional.empty(), "a blue kite");
        assertEquals(1, conversations.list("BLUE").size());
        conversations.delete(chat.id());
        assertTrue(conversations.list("").isEmpty());
        assertEquals(Optional.empty(), conversations.find(chat.id()));
        conversations.restore(chat.id());
        assertEquals("Kites", conversations.find(chat.id()).orElseThrow().title());
    }

    @Test
    void exportThenImportGivesTheSameBranches() {
        ConversationSummary chat = conversations.create("Export me", "Be kind.", Optional.of("stories260K"));
        StoredMessage user = conversations.addUserMessage(chat.id(), Optional.empty(), "Hello");
        reply(chat.id(), user.id(), "Hi");
        reply(chat.id(), user.id(), "Hey");
        assertTrue(conversations.exportMarkdown(chat.id()).contains("Hey"));

        ConversationSummary copy = conversations.importJson(conversations.exportJson(chat.id()));
        assertEquals("Export me", copy.title());
        assertEquals("Be kind.", copy.systemPrompt());
        List<StoredMessage> path = conversations.activePath(copy.id());
        assertEquals(List.of("Hello", "Hey"), path.stream().map(StoredMessage::content).toList());
        assertEquals(2, path.get(1).siblingCount());
    }

    @Test
    void importingSomethingElseIsOneSentence() {
        StorageException e = assertThrows(StorageException.class, () -> conversations.importJson("{\"hello\": 1}"));
        assertEquals("This file is not a Loupe conversation export; choose a .json file that Loupe exported.", e.getMessage());
    }

    @Test
    void runsRoundTripWithTheirFilters() {
        StoredRuns runs = new StoredRuns(storage.runs());
        Instant at = Instant.parse("2025-06-01T10:00:00Z");
        runs.record(new NewRun(at, RunOrigin.CHAT, "stories260K", SamplerSettings.DEFAULTS, 7, "Once upon a time", 5, 20, 12, 812.5,
                Optional.of(FinishReason.MAX_TOKENS), Optional.empty(), Optional.empty()));
        runs.record(new NewRun(at.plusSeconds(60), RunOrigin.API, "other", SamplerSettings.GREEDY, 8, "x", 600, 0, 0, 0,
                Optional.empty(), Optional.of("The prompt is too long."), Optional.empty()));

        assertEquals(List.of("other", "stories260K"), runs.query(RunFilter.ALL, 100).stream().map(e -> e.run().modelId()).toList());
        var chatOnly = runs.query(new RunFilter(Optional.of(RunOrigin.CHAT), Optional.empty(), "", Optional.empty()), 100);
        assertEquals(1, chatOnly.size());
        assertEquals(812.5, chatOnly.getFirst().run().tokensPerSecond());
        assertEquals(1, runs.query(new RunFilter(Optional.empty(), Optional.empty(), "too long", Optional.empty()), 100).size());
        assertTrue(runs.exportCsv(RunFilter.ALL).lines().count() >= 3);
    }

    @Test
    void settingsReadBackAndTheThemeFollowsTheSystemByDefault() {
        StoredUiSettings settings = new StoredUiSettings(storage.settings());
        assertEquals(ThemeChoice.SYSTEM, settings.theme());
        assertEquals(Optional.empty(), settings.lastConversation());
        settings.saveWindowPlacement(new WindowPlacement(10, 20, 1000, 700, true));
        settings.saveTheme(ThemeChoice.DARK);
        settings.saveLastConversation(Optional.of(3L));
        settings.saveLastWorkspace("runs");
        assertEquals(new WindowPlacement(10, 20, 1000, 700, true), settings.windowPlacement());
        assertEquals(ThemeChoice.DARK, settings.theme());
        assertEquals(Optional.of(3L), settings.lastConversation());
        assertEquals("runs", settings.lastWorkspace());
    }

    @Test
    void comparisonsKeepTheirColumnsExactlyAndTheVerdictAndDeleteWithThem() {
        StoredComparisons comparisons = new StoredComparisons(storage.database());
        ModelChoice model = new ModelChoice("stories260K", home.resolve("models/stories260K"));
        SamplerSettings hot = SamplerSettings.DEFAULTS.withTemperature(1.5).withLogitBias(java.util.Map.of(13, -100f));
        List<SavedColumn> columns = List.of(
                new SavedColumn(0, new ColumnSetup(model, "Precise", SamplerSettings.GREEDY, 42), "He was happy.", FinishReason.EOS, 9,
                        new RunMetrics(21.5, 612.25, -0.7061, Math.exp(0.7061), 0.77, 0.97, 4)),
                new SavedColumn(2, new ColumnSetup(model, "custom", hot, 7), "It was big", FinishReason.CANCELLED, 9,
                        new RunMetrics(17.0, 0, -1.25, Math.exp(1.25), 1, 0, 1)));
        SavedComparison saved = comparisons.save(Instant.parse("2026-11-21T22:49:00.123456Z"), "Once upon a time", 60, false, columns);
        comparisons.save(Instant.parse("2026-11-21T23:00:00Z"), "Later", 10, true, columns.subList(0, 1));

        SavedComparison found = comparisons.find(saved.id()).orElseThrow();
        assertEquals(saved, found);
        assertEquals(columns, found.columns(), "settings, seeds, answers and figures come back exactly");
        assertEquals(Instant.parse("2026-11-21T22:49:00.123Z"), found.createdAt());
        assertEquals(List.of("Later", "Once upon a time"), comparisons.list(10).stream().map(ComparisonSummary::prompt).toList());
        assertEquals(Optional.empty(), comparisons.list(10).get(1).winner());

        var verdict = new SavedVerdict("stories260K", "Prefer the longer one.", new JudgeVerdict(2, "it is longer", "{\"winner\":\"C\"}", true));
        comparisons.saveVerdict(saved.id(), verdict);
        assertEquals(Optional.of(verdict), comparisons.find(saved.id()).orElseThrow().verdict());
        assertEquals(Optional.of("C"), comparisons.list(10).get(1).winner());
        assertEquals(2, comparisons.list(10).get(1).columns());

        assertTrue(comparisons.delete(saved.id()));
        assertEquals(Optional.empty(), comparisons.find(saved.id()));
        assertEquals(1, comparisons.list(10).size());
        assertThrows(StorageException.class, () -> comparisons.saveVerdict(saved.id(), verdict));
    }
}
