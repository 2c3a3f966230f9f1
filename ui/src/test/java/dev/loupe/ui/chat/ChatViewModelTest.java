package dev.loupe.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.runs.RunOrigin;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat view-model without a display or a model: an immediate task runner and a scripted generator. */
class ChatViewModelTest {
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();
    private final ScriptedGenerator generator = new ScriptedGenerator("stories-test");
    private final EngineViewModel engine = new EngineViewModel(runner, dir -> generator);
    private final MemoryConversations conversations = new MemoryConversations();
    private final MemoryStores.Runs runs = new MemoryStores.Runs();
    private final MemoryStores.Settings settings = new MemoryStores.Settings();
    private final MemoryStores.Presets presets = new MemoryStores.Presets();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private ChatViewModel chat;

    @BeforeEach
    void setUp() {
        chat = new ChatViewModel(runner, engine, conversations, runs, presets, new MemoryStores.Prompts(), settings, dialogs,
                Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC), MemoryStores.NO_DOCUMENTS,
                new MemoryStores.AskRecords());
        engine.load(Path.of("/models/stories-test"));
        chat.start("Balanced", Optional.empty());
    }

    private void send(String text) {
        chat.draftProperty().set(text);
        chat.send();
    }

    @Test
    void sendStoresTheMessageAndStreamsTheReplyIntoIt() {
        generator.replies("Once upon a time, there was a dog.");
        send("Tell me a story");

        assertEquals(EngineState.IDLE, chat.stateProperty().get());
        assertEquals("", chat.draftProperty().get());
        List<MessageViewModel> shown = chat.messages();
        assertEquals(2, shown.size());
        assertEquals(ChatMessage.Role.USER, shown.get(0).role());
        assertEquals("Tell me a story", shown.get(0).content());
        assertEquals("Once upon a time, there was a dog.", shown.get(1).content());
        assertTrue(shown.get(1).badgeProperty().get().startsWith("8 tokens · 100 tok/s · first token 5 ms · Balanced · seed "),
                shown.get(1).badgeProperty().get());

        MemoryConversations.Msg stored = conversations.message(shown.get(1).id());
        assertEquals(MessageState.COMPLETE, stored.state());
        assertEquals(8, stored.tokens.size());
        assertEquals(FinishReason.EOS, stored.timings().orElseThrow().finishReason());
        assertEquals("Tell me a story", chat.conversationProperty().get().title());
        assertEquals(1, runs.runs.size());
        assertEquals(RunOrigin.CHAT, runs.runs.getFirst().run().origin());
        assertEquals(Optional.of(shown.get(1).id()), runs.runs.getFirst().run().messageId());
        assertEquals(Optional.of(chat.conversationProperty().get().id()), settings.lastConversation);
        assertEquals(EngineState.IDLE, engine.stateProperty().get());
    }

    @Test
    void theListsHandedToViewsAreKeptSoTheirListenersAreNot() {
        // An unmodifiable view made per call listens weakly to the list; once collected, the view stops updating.
        assertSame(chat.messages(), chat.messages());
        assertSame(chat.conversations().items(), chat.conversations().items());
        assertSame(chat.sampler().presets(), chat.sampler().presets());
    }

    @Test
    void theModelSeesTheSystemPromptAndTheWholeBranch() {
        chat.sampler().systemPromptProperty().set("Be brief.");
        generator.replies("First answer.", "Second answer.");
        send("One");
        send("Two");

        Prompt.Chat prompt = (Prompt.Chat) generator.requests().getLast().prompt();
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("One"), ChatMessage.assistant("First answer."),
                ChatMessage.user("Two")), prompt.messages());
        assertEquals("Be brief.", chat.conversationProperty().get().systemPrompt());
    }

    @Test
    void followUpsShareOneSessionAndAnotherConversationGetsItsOwn() {
        send("One");
        send("Two");
        chat.regenerate();
        assertEquals(1, generator.sessionsOpened());

        chat.newChat();
        send("Elsewhere");
        assertEquals(2, generator.sessionsOpened());
    }

    @Test
    void stopEndsTheReplyAndKeepsWhatItHad() {
        generator.replies("one two three four five six seven eight").afterToken(i -> {
            if (i == 2) {
                chat.stop();
            }
        });
        send("Count");

        MessageViewModel reply = chat.messages().getLast();
        assertEquals("one two three ", reply.content());
        assertTrue(reply.badgeProperty().get().endsWith("· stopped"), reply.badgeProperty().get());
        assertEquals(EngineState.IDLE, chat.stateProperty().get());
        MemoryConversations.Msg stored = conversations.message(reply.id());
        assertEquals(FinishReason.CANCELLED, stored.timings().orElseThrow().finishReason());
        assertEquals(3, stored.tokens.size());
    }

    @Test
    void regenerateAddsASiblingAndSwitchingShowsTheFirstAgain() {
        generator.replies("First.", "Second.");
        send("Hello");
        long first = chat.messages().getLast().id();
        chat.regenerate();

        MessageViewModel second = chat.messages().getLast();
        assertEquals("Second.", second.content());
        assertEquals(1, second.siblingIndexProperty().get());
        assertEquals(2, second.siblingCountProperty().get());

        chat.showSibling(second, -1);
        MessageViewModel back = chat.messages().getLast();
        assertEquals(first, back.id());
        assertEquals("First.", back.content());
        assertEquals(0, back.siblingIndexProperty().get());
        assertEquals("First.", conversations.message(first).content(), "nothing was overwritten");
    }

    @Test
    void editAndResendKeepsTheOriginalOneSwitchAway() {
        generator.replies("About cats.", "About dogs.");
        send("Cats?");
        MessageViewModel original = chat.messages().getFirst();
        chat.editAndResend(original, "Dogs?");

        assertEquals(List.of("Dogs?", "About dogs."), chat.messages().stream().map(MessageViewModel::content).toList());
        assertEquals(2, chat.messages().getFirst().siblingCountProperty().get());

        chat.showSibling(chat.messages().getFirst(), -1);
        assertEquals(List.of("Cats?", "About cats."), chat.messages().stream().map(MessageViewModel::content).toList());
    }

    @Test
    void anInvalidSettingIsNamedInOneSentenceAndTheDraftIsKept() {
        chat.sampler().temperatureProperty().set("warm");
        send("Hello");

        assertEquals("Temperature must be a number, got 'warm'.", chat.errorProperty().get().message());
        assertEquals("Hello", chat.draftProperty().get());
        assertTrue(chat.messages().isEmpty());
        assertTrue(conversations.list("").isEmpty());
        assertEquals("Temperature must be a number, got 'warm'.", chat.sampler().validationProperty().get());

        chat.sampler().temperatureProperty().set("11");
        assertEquals("Temperature must be between 0 and 10 (0 means greedy), got 11.0.", chat.sampler().validationProperty().get());
    }

    @Test
    void withoutAModelTheUserIsToldWhereToLoadOne() {
        engine.unload();
        send("Hello");
        assertEquals("No model is loaded; load one in the Models workspace first.", chat.errorProperty().get().message());
        assertEquals("Hello", chat.draftProperty().get());
        assertFalse(chat.canSendProperty().get());
    }

    @Test
    void aPromptTooLongIsOneSentenceAndTheMessageStays() {
        generator.failNext(new PromptTooLongException(600, 256, 512));
        send("A very long story");

        assertEquals(EngineState.ERROR, chat.stateProperty().get());
        String sentence = "The prompt has 600 tokens and 256 new tokens were asked for, but the model's context holds 512 tokens; "
                + "shorten the prompt or ask for fewer tokens.";
        assertEquals(sentence, chat.errorProperty().get().message());
        assertEquals("A very long story", chat.messages().getFirst().content());
        MessageViewModel reply = chat.messages().getLast();
        assertEquals(sentence, reply.problemProperty().get());
        assertEquals(MessageState.INTERRUPTED, conversations.message(reply.id()).state());
        assertEquals(Optional.of(sentence), runs.runs.getFirst().run().error());
        assertEquals(600, runs.runs.getFirst().run().promptTokens());
        assertEquals(EngineState.ERROR, engine.stateProperty().get());

        chat.sampler().maxTokensProperty().set("16");
        chat.regenerate();
        assertEquals(EngineState.IDLE, chat.stateProperty().get());
        assertNull(chat.errorProperty().get());
        assertEquals(16, generator.requests().getLast().maxNewTokens());
    }

    @Test
    void aPresetNamesTheReplyUntilASettingIsChanged() {
        chat.sampler().applyPreset(chat.sampler().findPreset("Precise").orElseThrow());
        assertEquals("0.2", chat.sampler().temperatureProperty().get());
        assertEquals("Precise", settings.preset);
        send("One");
        assertEquals(Optional.of("Precise"), conversations.message(chat.messages().getLast().id()).setup().orElseThrow().presetName());
        assertEquals(0.2, generator.requests().getLast().sampler().temperature());

        chat.sampler().temperatureProperty().set("0.3");
        assertTrue(chat.sampler().presetEditedProperty().get());
        send("Two");
        assertEquals(Optional.empty(), conversations.message(chat.messages().getLast().id()).setup().orElseThrow().presetName());
        assertTrue(chat.messages().getLast().badgeProperty().get().contains("custom settings"));
    }

    @Test
    void aFixedSeedIsUsedAndShownOnTheReply() {
        chat.sampler().fixedSeedProperty().set(true);
        chat.sampler().seedProperty().set("1234");
        send("Hello");
        assertEquals(1234, generator.requests().getLast().seed());
        assertTrue(chat.messages().getLast().badgeProperty().get().contains("seed 1234"));
    }

    @Test
    void stopStringsAndMaxTokensReachTheRequest() {
        chat.sampler().stopStringsProperty().set("THE END\n\\n\\n");
        chat.sampler().maxTokensProperty().set("3");
        generator.replies("one two three four");
        send("Go");
        assertEquals(List.of("THE END", "\n\n"), generator.requests().getLast().stopStrings());
        assertTrue(chat.messages().getLast().badgeProperty().get().endsWith("max tokens reached"), chat.messages().getLast().badgeProperty().get());
    }

    @Test
    void streamingRepliesAreSavedInBatchesWhileTheyGrow() {
        generator.replies("a ".repeat(40).strip());
        send("Many");
        MemoryConversations.Msg stored = conversations.message(chat.messages().getLast().id());
        assertEquals(40, stored.tokens.size());
        // Every 16 tokens (after 16 and 32), or sooner when 250 ms pass; the rest goes with the finish.
        assertTrue(conversations.progressSaves >= 2 && conversations.progressSaves < 10, "saves: " + conversations.progressSaves);
    }

    @Test
    void reopeningAConversationShowsItsActiveBranch() {
        generator.replies("First.", "Second.");
        send("Hello");
        chat.regenerate();
        long id = chat.conversationProperty().get().id();
        chat.newChat();
        assertTrue(chat.messages().isEmpty());

        chat.open(id);
        assertEquals(List.of("Hello", "Second."), chat.messages().stream().map(MessageViewModel::content).toList());
        assertNotNull(chat.conversationProperty().get());
    }

    @Test
    void showMessageOpensTheBranchThatLeadsToIt() {
        generator.replies("First.", "Second.");
        send("Hello");
        long first = chat.messages().getLast().id();
        chat.regenerate();
        chat.newChat();

        chat.showMessage(first);
        assertEquals("First.", chat.messages().getLast().content());
    }

    @Test
    void deletingTheOpenConversationStartsANewOneAndUndoBringsItBack() {
        send("Keep me");
        ConversationSummary summary = chat.conversations().items().getFirst();
        chat.conversations().delete(summary);

        assertNull(chat.conversationProperty().get());
        assertTrue(chat.conversations().items().isEmpty());
        assertEquals("Deleted “Keep me”.", chat.conversations().noticeProperty().get().message());

        chat.conversations().noticeProperty().get().action().run();
        assertEquals(1, chat.conversations().items().size());
        assertEquals("Keep me", chat.messages().getFirst().content());
    }

    @Test
    void searchAndRenameGoThroughTheRepository() {
        generator.replies("A red ball.", "A blue kite.");
        send("Ball story");
        chat.newChat();
        send("Kite story");
        assertEquals(2, chat.conversations().items().size());

        chat.conversations().searchProperty().set("kite");
        assertEquals(List.of("Kite story"), chat.conversations().items().stream().map(ConversationSummary::title).toList());

        dialogs.texts.add("  Kites  ");
        chat.conversations().rename(chat.conversations().items().getFirst());
        chat.conversations().searchProperty().set("");
        assertTrue(chat.conversations().items().stream().anyMatch(c -> c.title().equals("Kites")));
    }
}
