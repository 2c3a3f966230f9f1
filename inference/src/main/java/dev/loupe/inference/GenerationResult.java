package dev.loupe.inference;

import java.util.List;

/**
 * The outcome of one generation.
 *
 * @param text the generated text, stop string excluded
 * @param tokens every generated token with its probabilities, in order
 * @param finishReason why it ended
 * @param promptTokens tokens of the prompt
 * @param reusedPromptTokens prompt tokens whose keys and values came from the session's cache (not prefilled again)
 * @param seed the seed of the draw
 * @param ttftMillis from the call to the first generated token: tokenization, prefill and the first sampling
 * @param prefillTokensPerSecond prefilled (not reused) prompt tokens per second
 * @param decodeTokensPerSecond generated tokens after the first, per second of decoding
 * @param samplingMillisPerToken time per token spent in our sampler chain, statistics and detokenizer
 * @param totalMillis wall time of the whole call
 */
public record GenerationResult(
        String text,
        List<TokenEvent> tokens,
        FinishReason finishReason,
        int promptTokens,
        int reusedPromptTokens,
        long seed,
        double ttftMillis,
        double prefillTokensPerSecond,
        double decodeTokensPerSecond,
        double samplingMillisPerToken,
        double totalMillis) {

    public GenerationResult {
        tokens = List.copyOf(tokens);
    }

    public int generatedTokens() {
        return tokens.size();
    }

    public int[] tokenIds() {
        return tokens.stream().mapToInt(TokenEvent::id).toArray();
    }
}
