package dev.loupe.app.storage.conversation;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.sampling.SamplerSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child process of {@link CrashDurabilityTest}: writes like a chat window that streams a reply, and
 * reports each write on standard output only after it committed. It stops by itself after
 * {@link #MAX_TOKENS} tokens, in case nobody kills it.
 */
public final class StreamingWriterProcess {
    static final int TOKENS_PER_SAVE = 4;
    static final int MAX_TOKENS = 8_000;
    static final int ALTERNATIVES = 5;

    private StreamingWriterProcess() {}

    /** @param args the Loupe home folder */
    public static void main(String[] args) {
        // The report channel of this test process; autoflush so each line leaves as soon as it is printed.
        var report = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Storage storage = Storage.open(new AppPaths(Path.of(args[0]), Optional.empty()))) {
            ConversationStore store = storage.conversations();
            Conversation conversation = store.create("Crash test", "Be long-winded.", Optional.of("stories260K"));
            report.println("conversation " + conversation.id().value());
            Message question = store.addMessage(conversation.id(), Optional.empty(), Role.USER, "Tell me everything.");
            report.println("user " + question.id().value());
            Message reply = store.startAssistantMessage(conversation.id(), question.id(),
                    new GenerationSetup("stories260K", SamplerSettings.DEFAULTS, 42, Optional.of("Balanced")));
            report.println("reply " + reply.id().value());
            List<TokenEvent> generated = new ArrayList<>();
            while (generated.size() < MAX_TOKENS) {
                List<TokenEvent> fresh = TestTokens.generate(generated.size(), TOKENS_PER_SAVE, ALTERNATIVES);
                generated.addAll(fresh);
                store.saveProgress(reply.id(), TestTokens.text(generated), fresh);
                report.println("saved " + generated.size());
            }
        }
    }
}
