package dev.loupe.ui.runs;

import dev.loupe.inference.FinishReason;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation, finished or failed, as the runs log keeps it.
 *
 * @param startedAt when the request was submitted
 * @param origin which part of Loupe ran it
 * @param modelId the model's name
 * @param settings every sampler setting
 * @param seed the seed of the draw
 * @param prompt the prompt, or its start; the log keeps a preview
 * @param promptTokens tokens of the prompt (0 when unknown, as for a failure before tokenizing)
 * @param generatedTokens tokens produced, also by a failed run up to the failure
 * @param ttftMillis milliseconds to the first token; 0 when none was generated
 * @param tokensPerSecond generated tokens per second of decoding; 0 when none was generated
 * @param finishReason how a finished run ended; empty exactly when {@code error} is present
 * @param error why it failed, as shown to the user
 * @param messageId the chat message it produced, if any
 */
public record NewRun(Instant startedAt, RunOrigin origin, String modelId, SamplerSettings settings, long seed, String prompt,
                     int promptTokens, int generatedTokens, long ttftMillis, double tokensPerSecond,
                     Optional<FinishReason> finishReason, Optional<String> error, Optional<Long> messageId) {
    public NewRun {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(messageId, "messageId");
        if (finishReason.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("a run has either a finish reason or an error");
        }
    }

    public boolean failed() {
        return error.isPresent();
    }
}
