package dev.loupe.app.server.openai;

import dev.loupe.inference.Prompt;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A validated completion request: what to generate and how to answer.
 *
 * @param requestId the id of the response ({@code chatcmpl-...} or {@code cmpl-...})
 * @param endpoint the path it came in on
 * @param startedAt when it arrived
 * @param prompts one per choice; the legacy completions endpoint accepts several
 * @param sampler every sampler setting
 * @param seed seeds the draw (drawn at random when the request has none)
 * @param maxTokens the request's token limit, or empty for "up to the end of the context"
 * @param maxTokensField the field that set {@code maxTokens}, for error messages
 * @param stops stop strings
 * @param logprobs whether to return log-probabilities
 * @param topLogprobs alternatives per token (0-20)
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk
 * @param constraint restricts the output (JSON, tool calls), or {@link OutputConstraint#NONE}
 * @param tools the functions offered and whether one must be called, or {@link Tools#NONE}
 */
record GenerationPlan(String requestId, String endpoint, Instant startedAt, List<PlannedPrompt> prompts, SamplerSettings sampler,
                      long seed, OptionalInt maxTokens, String maxTokensField, List<String> stops, boolean logprobs,
                      int topLogprobs, boolean stream, boolean includeUsage, OutputConstraint constraint, Tools tools) {
    GenerationPlan {
        Objects.requireNonNull(requestId, "requestId");
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one prompt");
        }
        stops = List.copyOf(stops);
        constraint = constraint == null ? OutputConstraint.NONE : constraint;
        tools = tools == null ? Tools.NONE : tools;
    }

    long createdSeconds() {
        return startedAt.getEpochSecond();
    }

    /**
     * One prompt of a plan.
     *
     * @param prompt what the model continues
     * @param echo text put before the generated text in the answer (legacy {@code echo}); empty for none
     * @param preview the text the runs table may keep when prompt logging is on
     */
    record PlannedPrompt(Prompt prompt, String echo, String preview) {
        PlannedPrompt {
            Objects.requireNonNull(prompt, "prompt");
            echo = echo == null ? "" : echo;
            preview = preview == null ? "" : preview;
        }
    }
}
