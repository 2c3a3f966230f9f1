package dev.loupe.agents.testing;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.model.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A deterministic model for unit tests: each generation writes the next scripted output, one character per token,
 * checking the cancellation token before every token as the real decode loop does. It records the requests it
 * got and how many tokens it wrote. Used by one test thread.
 */
public final class ScriptedModel implements TextGenerator {
    private final Deque<String> outputs;
    private final List<GenerationRequest> requests = new ArrayList<>();
    private Runnable beforeEachGeneration = () -> {};
    private int tokensWritten;

    public ScriptedModel(String... outputs) {
        this.outputs = new ArrayDeque<>(List.of(outputs));
    }

    /** Runs before each generation, e.g. to advance a scripted clock. */
    public ScriptedModel beforeEachGeneration(Runnable hook) {
        this.beforeEachGeneration = hook;
        return this;
    }

    public List<GenerationRequest> requests() {
        return List.copyOf(requests);
    }

    public int tokensWritten() {
        return tokensWritten;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
        requests.add(request);
        beforeEachGeneration.run();
        if (outputs.isEmpty()) {
            throw new IllegalStateException("the script has no output left for generation " + requests.size());
        }
        String output = outputs.removeFirst();
        List<TokenEvent> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        FinishReason finish = FinishReason.EOS;
        for (int i = 0; i < output.length(); i++) {
            if (cancel.isCancelled()) {
                finish = FinishReason.CANCELLED;
                break;
            }
            if (events.size() == request.maxNewTokens()) {
                finish = FinishReason.MAX_TOKENS;
                break;
            }
            String piece = String.valueOf(output.charAt(i));
            TokenEvent event = new TokenEvent(i, output.charAt(i), piece, 1f, 0f, 0f, List.of());
            events.add(event);
            text.append(piece);
            tokensWritten++;
            listener.onToken(event);
            listener.onText(piece);
        }
        int promptTokens = promptText(request.prompt()).length();
        return new GenerationResult(text.toString(), events, finish, promptTokens, 0, request.seed(), 1, 1000, 100,
                0.01, 2.5);
    }

    private static String promptText(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Text text -> text.text();
            case Prompt.Chat chat -> chat.messages().toString();
            case Prompt.Tokens tokens -> " ".repeat(tokens.ids().length);
        };
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("scripted", Path.of("/models/scripted"), "llama", "LlamaForCausalLM", 1, "F32", 4, 4,
                4096, 1, 8, 1, 1, 8, 65536, true);
    }

    @Override
    public int contextTokens() {
        return 4096;
    }

    @Override
    public ChatSession openSession() {
        throw new UnsupportedOperationException("the scripted model has no chat session");
    }

    @Override
    public int[] encode(Prompt prompt) {
        return promptText(prompt).chars().toArray();
    }

    @Override
    public String tokenText(int tokenId) {
        return String.valueOf((char) tokenId);
    }

    @Override
    public dev.loupe.inference.tokenize.TokenPieces pieces() {
        throw new UnsupportedOperationException("the scripted model has no tokenizer: output constraints need a real model");
    }

    @Override
    public java.util.Set<Integer> stopTokens() {
        return java.util.Set.of();
    }

    @Override
    public void close() {
    }
}
