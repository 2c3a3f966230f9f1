package dev.loupe.ui.chat;

import dev.loupe.inference.FinishReason;
import java.util.Objects;

/**
 * What a finished reply cost and why it ended.
 *
 * @param promptTokens tokens of the prompt
 * @param generatedTokens tokens generated
 * @param ttftMillis milliseconds to the first generated token; short on follow-ups, whose prefix is cached
 * @param tokensPerSecond generated tokens per second of decoding
 * @param finishReason why it ended
 */
public record ReplyTimings(int promptTokens, int generatedTokens, long ttftMillis, double tokensPerSecond, FinishReason finishReason) {
    public ReplyTimings {
        Objects.requireNonNull(finishReason, "finishReason");
    }

    /** A measured figure as shown: 0 when nothing was measured (the engine reports NaN, infinity or less than 0). */
    public static double measured(double value) {
        return Double.isFinite(value) && value > 0 ? value : 0;
    }
}
