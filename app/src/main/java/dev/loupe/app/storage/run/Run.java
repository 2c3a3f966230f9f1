package dev.loupe.app.storage.run;

import dev.loupe.app.storage.conversation.MessageId;
import dev.loupe.app.storage.conversation.Timings;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation, finished or failed, as the runs log keeps it.
 *
 * @param startedAt when the request was submitted
 * @param source which part of Loupe ran it
 * @param modelId the model's id as the model library names it
 * @param settings every sampler setting used
 * @param seed the seed of the sampler's random draws
 * @param promptPreview the start of the prompt, to recognise the run by; cut to {@value #PREVIEW_CHARS} characters
 * @param promptTokens tokens of the prompt
 * @param generatedTokens tokens produced (also by a failed run, up to the failure)
 * @param ttftMillis milliseconds to the first generated token; 0 when none was generated
 * @param tokensPerSecond generated tokens per second of decoding; 0 when none was generated
 * @param finishReason how a finished run ended; empty exactly when {@code error} is present
 * @param error why the run failed, as shown to the user
 * @param messageId the chat message the run produced, if any
 */
public record Run(Instant startedAt, RunSource source, String modelId, SamplerSettings settings, long seed,
                  String promptPreview, int promptTokens, int generatedTokens, long ttftMillis, double tokensPerSecond,
                  Optional<FinishReason> finishReason, Optional<String> error, Optional<MessageId> messageId) {
    public static final int PREVIEW_CHARS = 500;

    public Run {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(source, "source");
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(promptPreview, "promptPreview");
        promptPreview = promptPreview.strip();
        if (promptPreview.length() > PREVIEW_CHARS) {
            int end = PREVIEW_CHARS;
            if (Character.isHighSurrogate(promptPreview.charAt(end - 1))) {
                end--; // never cut a character in half
            }
            promptPreview = promptPreview.substring(0, end);
        }
        if (promptTokens < 0 || generatedTokens < 0 || ttftMillis < 0) {
            throw new IllegalArgumentException("token counts and ttftMillis must not be negative");
        }
        if (!Double.isFinite(tokensPerSecond) || tokensPerSecond < 0) {
            throw new IllegalArgumentException("tokensPerSecond must be a finite number >= 0, got " + tokensPerSecond);
        }
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(messageId, "messageId");
        if (finishReason.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("a run has either a finish reason or an error, not "
                    + (error.isPresent() ? "both" : "neither"));
        }
        if (error.isPresent() && error.get().isBlank()) {
            throw new IllegalArgumentException("an error must say something");
        }
    }

    /** A run that finished (cancelled counts as finished), with the timings the engine reported. */
    public static Run finished(Instant startedAt, RunSource source, String modelId, SamplerSettings settings, long seed,
                               String prompt, Timings timings, Optional<MessageId> messageId) {
        return new Run(startedAt, source, modelId, settings, seed, prompt, timings.promptTokens(),
                timings.generatedTokens(), timings.ttftMillis(), timings.tokensPerSecond(),
                Optional.of(timings.finishReason()), Optional.empty(), messageId);
    }

    /** A run that failed before generating anything. */
    public static Run failed(Instant startedAt, RunSource source, String modelId, SamplerSettings settings, long seed,
                             String prompt, int promptTokens, String error) {
        return new Run(startedAt, source, modelId, settings, seed, prompt, promptTokens, 0, 0, 0,
                Optional.empty(), Optional.of(error), Optional.empty());
    }

    public boolean failed() {
        return error.isPresent();
    }
}
