package dev.loupe.ui.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.ForwardingTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.MemoryConversations;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.ScriptedDialogs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat view-model on the real engine and stories260K, still without a display. */
class ChatViewModelStoriesTest {
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();
    private final MemoryConversations conversations = new MemoryConversations();
    private final List<GenerationResult> results = new ArrayList<>();
    private ChatViewModel chat;

    @BeforeEach
    void setUp() {
        EngineViewModel engine = new EngineViewModel(runner, dir -> recording(JlamaTextGenerator.load(dir)));
        chat = new ChatViewModel(runner, engine, conversations, new MemoryStores.Runs(), new MemoryStores.Presets(),
                new MemoryStores.Prompts(), new MemoryStores.Settings(), new ScriptedDialogs(), Clock.systemUTC(),
                MemoryStores.NO_DOCUMENTS, new MemoryStores.AskRecords());
        engine.load(SharedModels.stories260K());
        chat.start("Balanced", Optional.empty());
        chat.sampler().fixedSeedProperty().set(true);
        chat.sampler().seedProperty().set("42");
        chat.sampler().maxTokensProperty().set("40");
    }

    private void send(String text) {
        chat.draftProperty().set(text);
        chat.send();
        assertEquals(EngineState.IDLE, chat.stateProperty().get(), () -> String.valueOf(chat.errorProperty().get()));
    }

    @Test
    void aReplyIsGeneratedStoredAndBadged() {
        send("Once upon a time");
        MessageViewModel reply = chat.messages().getLast();
        assertFalse(reply.content().isBlank());
        MemoryConversations.Msg stored = conversations.message(reply.id());
        assertEquals(MessageState.COMPLETE, stored.state());
        assertEquals(results.getLast().generatedTokens(), stored.tokens.size());
        assertEquals(results.getLast().text(), stored.content());
        assertTrue(reply.badgeProperty().get().contains("seed 42"), reply.badgeProperty().get());
    }

    @Test
    void aFollowUpOnlyPrefillsWhatIsNew() {
        send("Once upon a time");
        send("What happened next?");
        GenerationResult followUp = results.getLast();
        assertTrue(followUp.reusedPromptTokens() > 0, "the follow-up reused " + followUp.reusedPromptTokens() + " cached tokens");
        assertTrue(followUp.reusedPromptTokens() >= results.getFirst().promptTokens(),
                "at least the whole first prompt came from the cache");
    }

    @Test
    void theSameSeedAndSettingsGiveTheSameAnswerAgain() {
        send("Tell me about a cat");
        String first = chat.messages().getLast().content();
        chat.regenerate();
        assertEquals(2, chat.messages().getLast().siblingCountProperty().get());
        assertEquals(first, chat.messages().getLast().content());
    }

    /** The real generator, with every session result kept for the test to look at. */
    private TextGenerator recording(TextGenerator model) {
        return new ForwardingTextGenerator(model) {
            @Override
            public ChatSession openSession() {
                return new ForwardingTextGenerator.Session(delegate.openSession()) {
                    @Override
                    public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
                        GenerationResult result = delegate.generate(request, cancel, listener);
                        results.add(result);
                        return result;
                    }
                };
            }
        };
    }
}
