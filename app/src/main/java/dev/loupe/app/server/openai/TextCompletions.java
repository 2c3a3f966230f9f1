package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code POST /v1/completions}, the legacy text completion: {@code prompt} is a string, an array of strings, an
 * array of token ids or an array of such arrays (one choice each); {@code echo} puts the prompt before the answer.
 */
final class TextCompletions implements CompletionStyle {
    static final String PATH = "/v1/completions";
    /** OpenAI's default for this endpoint when max_tokens is absent. */
    static final int DEFAULT_MAX_TOKENS = 16;
    static final int MAX_PROMPTS = 32;

    private final Logprobs logprobs;
    private final String modelId;
    private final String fingerprint;

    TextCompletions(Logprobs logprobs, String modelId, String fingerprint) {
        this.logprobs = logprobs;
        this.modelId = modelId;
        this.fingerprint = fingerprint;
    }

    static GenerationPlan plan(RequestBody body, ServedModel model, String requestId, Instant startedAt) {
        boolean echo = body.bool("echo").orElse(false);
        List<GenerationPlan.PlannedPrompt> prompts = prompts(body, model.generator(), echo);
        SamplerSettings sampler = SamplingFields.read(body, model.vocabSize());
        if (body.integer("n", 1, 128).orElse(1L) != 1) {
            throw new InvalidRequestException("n", "Only one choice per prompt is supported ('n' must be 1).");
        }
        if (body.integer("best_of", 1, 128).orElse(1L) != 1) {
            throw new InvalidRequestException("best_of", "'best_of' must be 1 on this server.");
        }
        if (body.string("suffix").filter(s -> !s.isEmpty()).isPresent()) {
            throw new InvalidRequestException("suffix", "'suffix' (insertion) is not supported by this model; leave it out.");
        }
        OptionalInt logprobCount = body.integer("logprobs", 0, GenerationRequest.MAX_TOP_ALTERNATIVES)
                .map(v -> OptionalInt.of((int) (long) v)).orElse(OptionalInt.empty());
        boolean stream = body.bool("stream").orElse(false);
        boolean includeUsage = ChatCompletions.streamOptions(body, stream);
        int maxTokens = (int) (long) body.integer("max_tokens", 1, Integer.MAX_VALUE).orElse((long) DEFAULT_MAX_TOKENS);
        long seed = body.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE).orElseGet(GenerationRequest::randomSeed);
        List<String> stops = body.stringOrStrings("stop", ChatCompletions.MAX_STOPS);
        return new GenerationPlan(requestId, PATH, startedAt, prompts, sampler, seed, OptionalInt.of(maxTokens), "max_tokens", stops,
                logprobCount.isPresent(), logprobCount.orElse(0), stream, includeUsage, OutputConstraint.NONE, Tools.NONE);
    }

    private static List<GenerationPlan.PlannedPrompt> prompts(RequestBody body, TextGenerator generator, boolean echo) {
        JsonNode prompt = body.node("prompt").orElseThrow(() -> new InvalidRequestException("prompt", "You must provide a 'prompt'."));
        List<GenerationPlan.PlannedPrompt> prompts = new ArrayList<>();
        if (prompt.isTextual()) {
            prompts.add(textPrompt(prompt.asText(), echo));
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isTextual()) {
            for (JsonNode item : prompt) {
                if (!item.isTextual()) {
                    throw new InvalidRequestException("prompt", "'prompt' must be a string, an array of strings, or token ids.");
                }
                prompts.add(textPrompt(item.asText(), echo));
            }
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isArray()) {
            for (JsonNode item : prompt) {
                prompts.add(tokenPrompt(item, generator, echo));
            }
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            prompts.add(tokenPrompt(prompt, generator, echo));
        } else {
            throw new InvalidRequestException("prompt", "'prompt' must be a string, an array of strings, or token ids, and not empty.");
        }
        if (prompts.size() > MAX_PROMPTS) {
            throw new InvalidRequestException("prompt", "'prompt' may hold at most " + MAX_PROMPTS + " prompts, got " + prompts.size() + ".");
        }
        return prompts;
    }

    private static GenerationPlan.PlannedPrompt textPrompt(String text, boolean echo) {
        return new GenerationPlan.PlannedPrompt(Prompt.text(text), echo ? text : "", text);
    }

    private static GenerationPlan.PlannedPrompt tokenPrompt(JsonNode ids, TextGenerator generator, boolean echo) {
        if (!ids.isArray() || ids.isEmpty()) {
            throw new InvalidRequestException("prompt", "A token prompt must be a non-empty array of token ids.");
        }
        int vocab = generator.info().vocabSize();
        int[] tokens = new int[ids.size()];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (int) RequestBody.integerValue("prompt", ids.get(i), 0, vocab - 1);
            text.append(generator.tokenText(tokens[i]));
        }
        return new GenerationPlan.PlannedPrompt(new Prompt.Tokens(tokens), echo ? text.toString() : "", text.toString());
    }

    @Override
    public ObjectNode response(GenerationPlan plan, List<Choice> choices, Usage usage) {
        ObjectNode root = ChatCompletions.header(plan, "text_completion", modelId, fingerprint);
        ArrayNode array = root.putArray("choices");
        for (Choice choice : choices) {
            String echo = choice.prompt().echo();
            ObjectNode entry = array.addObject();
            entry.put("text", echo + choice.result().text());
            entry.put("index", choice.index());
            entry.set("logprobs", plan.logprobs()
                    ? logprobs.legacy(choice.promptScore(), choice.contentTokens(), plan.topLogprobs(), echo.length()) : null);
            entry.put("finish_reason", choice.finishReason());
        }
        root.set("usage", usage.toJson());
        return root;
    }

    @Override
    public ObjectNode openingChunk(GenerationPlan plan, int index) {
        return null;
    }

    @Override
    public ObjectNode textChunk(GenerationPlan plan, int index, String text, List<TokenEvent> tokens, int textOffset) {
        return chunk(plan, index, text, plan.logprobs() ? logprobs.legacy(tokens, plan.topLogprobs(), textOffset) : null, null);
    }

    @Override
    public ObjectNode echoChunk(GenerationPlan plan, int index, String echo, PromptScoring.Score score) {
        return chunk(plan, index, echo, plan.logprobs() ? logprobs.legacy(score, List.of(), plan.topLogprobs(), echo.length()) : null, null);
    }

    @Override
    public ObjectNode toolCallChunk(GenerationPlan plan, int index, Tools.Call call) {
        return null;
    }

    @Override
    public ObjectNode closingChunk(GenerationPlan plan, Choice choice) {
        return chunk(plan, choice.index(), "", null, choice.finishReason());
    }

    @Override
    public ObjectNode usageChunk(GenerationPlan plan, Usage usage) {
        ObjectNode root = ChatCompletions.header(plan, "text_completion", modelId, fingerprint);
        root.putArray("choices");
        root.set("usage", usage.toJson());
        return root;
    }

    private ObjectNode chunk(GenerationPlan plan, int index, String text, ObjectNode chunkLogprobs, String finishReason) {
        ObjectNode root = ChatCompletions.header(plan, "text_completion", modelId, fingerprint);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("text", text);
        choice.put("index", index);
        choice.set("logprobs", chunkLogprobs);
        choice.put("finish_reason", finishReason);
        if (plan.includeUsage()) {
            root.putNull("usage");
        }
        return root;
    }
}
