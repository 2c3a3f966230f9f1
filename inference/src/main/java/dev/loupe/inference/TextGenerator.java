package dev.loupe.inference;

import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.tokenize.TokenPieces;
import java.util.Set;

/**
 * A loaded model that generates text. Calls block the calling thread (never call from the UI thread); one
 * generation runs at a time per model and further calls wait for it.
 */
public interface TextGenerator extends AutoCloseable {
    ModelInfo info();

    /** Positions the engine can hold, prompt plus generated tokens; at most {@code info().contextTokens()}. */
    int contextTokens();

    /**
     * Generates a continuation of {@code request.prompt()} in a fresh context.
     *
     * @throws PromptTooLongException when the prompt plus {@code maxNewTokens} exceed the context
     */
    GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener);

    /** A conversation context whose KV cache survives between calls, so a follow-up only prefills new tokens. */
    ChatSession openSession();

    /** The token ids the model sees for {@code prompt}, BOS and chat template included. */
    int[] encode(Prompt prompt);

    /** Text of one token as shown to users (special tokens included, byte tokens as their bytes). */
    String tokenText(int tokenId);

    /**
     * The bytes every token id stands for: what output constraints ({@code dev.loupe.inference.constrain}) are
     * compiled against. Immutable, one per loaded model.
     */
    TokenPieces pieces();

    /** Token ids that end a generation: the model's end-of-sequence ids and the template's end-of-turn marker. */
    Set<Integer> stopTokens();

    /**
     * The sampling and interpretability lab of this model (decoding strategies, explanations, branches, scoring,
     * comparisons, logit lens, attention), sharing its lock. Engines without one say so.
     *
     * @throws UnsupportedOperationException when this engine has no lab
     */
    default ModelLab lab() {
        throw new UnsupportedOperationException(info().name() + ": this engine has no sampling lab");
    }

    @Override
    void close();
}
