package dev.loupe.app.storage.conversation;

import dev.loupe.inference.FinishReason;
import java.util.Objects;

/**
 * What a finished generation cost and why it stopped.
 *
 * @param promptTokens tokens of the prompt the model read
 * @param generatedTokens tokens the model produced
 * @param ttftMillis milliseconds from submitting the request to the first generated token (0 when none was)
 * @param tokensPerSecond generated tokens per second of decoding, after the first token
 * @param finishReason why generation ended
 */
public record Timings(int promptTokens, int generatedTokens, long ttftMillis, double tokensPerSecond,
                      FinishReason finishReason) {
    public Timings {
        if (promptTokens < 0 || generatedTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative, got " + promptTokens + " and " + generatedTokens);
        }
        if (ttftMillis < 0) {
            throw new IllegalArgumentException("ttftMillis must not be negative, got " + ttftMillis);
        }
        if (!Double.isFinite(tokensPerSecond) || tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokensPerSecond must be a finite number >= 0, got " + tokensPerSecond);
        }
        Objects.requireNonNull(finishReason, "finishReason");
    }
}
