package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TokenEvent;
import java.util.List;

/** How one endpoint writes its answers: the chat format or the legacy text-completion format. */
interface CompletionStyle {
    /** The whole non-streaming response. */
    ObjectNode response(GenerationPlan plan, List<Choice> choices, Usage usage);

    /** The chunk that opens choice {@code index} of a stream, or null for none. */
    ObjectNode openingChunk(GenerationPlan plan, int index);

    /**
     * A chunk carrying new text of choice {@code index}.
     *
     * @param tokens the tokens that completed with this text, for log-probabilities
     * @param textOffset characters of this choice's text before {@code text} (legacy {@code text_offset})
     */
    ObjectNode textChunk(GenerationPlan plan, int index, String text, List<TokenEvent> tokens, int textOffset);

    /** The chunk that streams the echoed prompt of choice {@code index} (legacy {@code echo}), or null for none. */
    ObjectNode echoChunk(GenerationPlan plan, int index, String echo, PromptScoring.Score score);

    /** The chunk that delivers the function call choice {@code index} made, or null where calls do not exist. */
    ObjectNode toolCallChunk(GenerationPlan plan, int index, Tools.Call call);

    /** The chunk that closes choice {@code index} with its finish reason. */
    ObjectNode closingChunk(GenerationPlan plan, Choice choice);

    /** The last chunk of a stream that asked for usage. */
    ObjectNode usageChunk(GenerationPlan plan, Usage usage);

    /**
     * One finished choice.
     *
     * @param index its position among the choices
     * @param prompt the prompt it continued
     * @param result what the engine returned
     * @param contentTokens the tokens whose text is in the answer (trailing end-of-sequence and held-back stop
     *     string tokens excluded), for log-probabilities
     * @param promptScore the echoed prompt's tokens with their probabilities, when asked for
     * @param toolCall the function call the answer is, when the request offered tools and the model called one
     */
    record Choice(int index, GenerationPlan.PlannedPrompt prompt, GenerationResult result, List<TokenEvent> contentTokens,
                  PromptScoring.Score promptScore, java.util.Optional<Tools.Call> toolCall) {
        public Choice {
            contentTokens = List.copyOf(contentTokens);
        }

        /**
         * OpenAI's finish reason: {@code tool_calls} for a call, {@code stop} (end of sequence, stop string, complete
         * output) or {@code length}.
         */
        String finishReason() {
            if (toolCall.isPresent()) {
                return "tool_calls";
            }
            return switch (result.finishReason()) {
                case EOS, STOP_STRING, CANCELLED -> "stop";
                case MAX_TOKENS, CONTEXT_FULL -> "length";
            };
        }
    }

    /** Token counts of a whole request. */
    record Usage(int promptTokens, int completionTokens) {
        ObjectNode toJson() {
            ObjectNode usage = Json.object();
            usage.put("prompt_tokens", promptTokens);
            usage.put("completion_tokens", completionTokens);
            usage.put("total_tokens", promptTokens + completionTokens);
            return usage;
        }
    }
}
