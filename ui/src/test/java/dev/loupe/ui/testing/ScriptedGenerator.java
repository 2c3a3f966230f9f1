package dev.loupe.ui.testing;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.model.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A {@link TextGenerator} that answers from a script, for view-model tests without a model: each generation
 * streams the next scripted reply word by word (one token per word) and honours cancellation before every token,
 * as the real decode loop does.
 */
public final class ScriptedGenerator implements TextGenerator {
    private final ModelInfo info;
    private final Deque<String> replies = new ArrayDeque<>();
    private final List<GenerationRequest> requests = new ArrayList<>();
    private IntConsumer afterToken = i -> {};
    private RuntimeException failure;
    private int sessionsOpened;
    private int generations;
    private boolean closed;

    public ScriptedGenerator(String name) {
        this.info = new ModelInfo(name, Path.of("/models", name), "llama", "LlamaForCausalLM", 260_000, "F32", 1_040_000,
                1_100_000, 512, 5, 64, 8, 4, 8, 512, false);
    }

    /** Queues replies; once they are used up, generation n answers "Answer n.". */
    public ScriptedGenerator replies(String... texts) {
        replies.addAll(List.of(texts));
        return this;
    }

    /** Runs after each streamed token with its index, on the generating thread (to stop mid-stream, say). */
    public ScriptedGenerator afterToken(IntConsumer hook) {
        this.afterToken = hook;
        return this;
    }

    /** The next generation throws this instead of generating. */
    public ScriptedGenerator failNext(RuntimeException value) {
        this.failure = value;
        return this;
    }

    public List<GenerationRequest> requests() {
        return requests;
    }

    public int sessionsOpened() {
        return sessionsOpened;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int contextTokens() {
        return info.contextTokens();
    }

    @Override
    public synchronized GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
        requests.add(request);
        generations++;
        if (failure != null) {
            RuntimeException thrown = failure;
            failure = null;
            throw thrown;
        }
        String reply = replies.isEmpty() ? "Answer " + generations + "." : replies.poll();
        String[] words = reply.split("(?<= )");
        List<TokenEvent> tokens = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        FinishReason reason = FinishReason.EOS;
        for (int i = 0; i < words.length; i++) {
            if (cancel.isCancelled()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            if (i == request.maxNewTokens()) {
                reason = FinishReason.MAX_TOKENS;
                break;
            }
            TokenEvent event = new TokenEvent(i, 100 + i, words[i], 0.5f, (float) Math.log(0.5), 1.0f,
                    List.of(new TopToken(100 + i, words[i], 0.5f)));
            tokens.add(event);
            listener.onToken(event);
            listener.onText(words[i]);
            text.append(words[i]);
            afterToken.accept(i);
        }
        return new GenerationResult(text.toString(), tokens, reason, 10, 0, request.seed(), 5, 2000, 100, 0.01, 50);
    }

    @Override
    public ChatSession openSession() {
        sessionsOpened++;
        return new ChatSession() {
            private int cached;

            @Override
            public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
                GenerationResult result = ScriptedGenerator.this.generate(request, cancel, listener);
                cached = result.promptTokens() + result.generatedTokens();
                return result;
            }

            @Override
            public int cachedTokens() {
                return cached;
            }

            @Override
            public void close() {
                cached = 0;
            }
        };
    }

    @Override
    public int[] encode(Prompt prompt) {
        return new int[] {1, 2, 3};
    }

    @Override
    public String tokenText(int tokenId) {
        return "t" + tokenId;
    }

    @Override
    public dev.loupe.inference.tokenize.TokenPieces pieces() {
        throw new UnsupportedOperationException("the scripted generator has no tokenizer: output constraints need a real model");
    }

    @Override
    public java.util.Set<Integer> stopTokens() {
        return java.util.Set.of();
    }

    @Override
    public void close() {
        closed = true;
    }
}
