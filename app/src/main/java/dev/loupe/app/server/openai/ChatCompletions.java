package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** {@code POST /v1/chat/completions}: reads the request into a plan and writes the chat answer format. */
final class ChatCompletions implements CompletionStyle {
    static final String PATH = "/v1/chat/completions";
    static final int MAX_STOPS = 16;

    private final Logprobs logprobs;
    private final String modelId;
    private final String fingerprint;

    ChatCompletions(Logprobs logprobs, String modelId, String fingerprint) {
        this.logprobs = logprobs;
        this.modelId = modelId;
        this.fingerprint = fingerprint;
    }

    /** Validates every field the endpoint knows; unknown fields are ignored. */
    static GenerationPlan plan(RequestBody body, ServedModel model, String requestId, Instant startedAt) {
        List<ChatMessage> messages = messages(body);
        SamplerSettings sampler = SamplingFields.read(body, model.vocabSize());
        long n = body.integer("n", 1, 128).orElse(1L);
        if (n != 1) {
            throw new InvalidRequestException("n", "Only one choice per request is supported ('n' must be 1); send several requests instead.");
        }
        boolean wantLogprobs = body.bool("logprobs").orElse(false);
        int top = (int) (long) body.integer("top_logprobs", 0, GenerationRequest.MAX_TOP_ALTERNATIVES).orElse(0L);
        if (body.has("top_logprobs") && !wantLogprobs) {
            throw new InvalidRequestException("top_logprobs", "'top_logprobs' needs 'logprobs' set to true.");
        }
        boolean stream = body.bool("stream").orElse(false);
        boolean includeUsage = streamOptions(body, stream);
        MaxTokens max = MaxTokens.read(body, "max_completion_tokens", "max_tokens");
        long seed = body.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE).orElseGet(GenerationRequest::randomSeed);
        List<String> stops = body.stringOrStrings("stop", MAX_STOPS);
        TokenConstraint constraint = ResponseFormats.read(body);
        String preview = messages.reversed().stream().filter(m -> m.role() == ChatMessage.Role.USER).map(ChatMessage::content)
                .findFirst().orElse(messages.getLast().content());
        return new GenerationPlan(requestId, PATH, startedAt, List.of(new GenerationPlan.PlannedPrompt(Prompt.chat(messages), "", preview)),
                sampler, seed, max.value(), max.field(), stops, wantLogprobs, top, stream, includeUsage, constraint, ToolCalls.NONE);
    }

    static boolean streamOptions(RequestBody body, boolean stream) {
        JsonNode options = body.node("stream_options").orElse(null);
        if (options == null) {
            return false;
        }
        if (!stream) {
            throw new InvalidRequestException("stream_options", "'stream_options' is only allowed with 'stream': true.");
        }
        if (!options.isObject()) {
            throw new InvalidRequestException("stream_options", "'stream_options' must be an object.");
        }
        return RequestBody.of((ObjectNode) options).bool("include_usage").orElse(false);
    }

    private static List<ChatMessage> messages(RequestBody body) {
        JsonNode array = body.node("messages").orElseThrow(() -> new InvalidRequestException("messages", "You must provide 'messages', an array of {role, content}."));
        if (!array.isArray() || array.isEmpty()) {
            throw new InvalidRequestException("messages", "'messages' must be a non-empty array of {role, content}.");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "messages[" + i + "]";
            JsonNode message = array.get(i);
            if (!message.isObject()) {
                throw new InvalidRequestException(field, "'" + field + "' must be an object with a role and a content.");
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isTextual()) {
                throw new InvalidRequestException(field + ".role", "'" + field + ".role' must be one of system, developer, user, assistant.");
            }
            String content = content(message.get("content"), field + ".content");
            ChatMessage.Role mapped = switch (role.asText()) {
                case "system", "developer" -> ChatMessage.Role.SYSTEM;
                case "user" -> ChatMessage.Role.USER;
                case "assistant" -> ChatMessage.Role.ASSISTANT;
                default -> throw new InvalidRequestException(field + ".role", "'" + field + ".role' is '" + role.asText()
                        + "'; this server accepts system, developer, user and assistant.");
            };
            messages.add(new ChatMessage(mapped, content));
        }
        return messages;
    }

    /** A message content: a string, or an array of {@code {"type":"text","text":...}} parts joined. */
    static String content(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new InvalidRequestException(field, "'" + field + "' must be a string or an array of text parts.");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode type = part.get("type");
            if (type == null || !"text".equals(type.asText()) || !part.path("text").isTextual()) {
                throw new InvalidRequestException(field, "'" + field + "' may only hold text parts ({\"type\":\"text\",\"text\":...}); "
                        + "this model reads text only.");
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }

    @Override
    public ObjectNode response(GenerationPlan plan, List<Choice> choices, Usage usage) {
        ObjectNode root = header(plan, "chat.completion");
        ArrayNode array = root.putArray("choices");
        for (Choice choice : choices) {
            ObjectNode entry = array.addObject();
            entry.put("index", choice.index());
            ObjectNode message = entry.putObject("message");
            message.put("role", "assistant");
            message.put("content", choice.result().text());
            message.putNull("refusal");
            entry.set("logprobs", plan.logprobs() ? logprobs.chat(choice.contentTokens(), plan.topLogprobs()) : null);
            entry.put("finish_reason", choice.finishReason());
        }
        root.set("usage", usage.toJson());
        return root;
    }

    @Override
    public ObjectNode openingChunk(GenerationPlan plan, int index) {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return chunk(plan, index, delta, null, null);
    }

    @Override
    public ObjectNode textChunk(GenerationPlan plan, int index, String text, List<TokenEvent> tokens, int textOffset) {
        ObjectNode delta = Json.object();
        delta.put("content", text);
        return chunk(plan, index, delta, plan.logprobs() ? logprobs.chat(tokens, plan.topLogprobs()) : null, null);
    }

    @Override
    public ObjectNode echoChunk(GenerationPlan plan, int index, String echo, PromptScoring.Score score) {
        return null; // chat answers never repeat the conversation
    }

    @Override
    public ObjectNode closingChunk(GenerationPlan plan, Choice choice) {
        return chunk(plan, choice.index(), Json.object(), null, choice.finishReason());
    }

    @Override
    public ObjectNode usageChunk(GenerationPlan plan, Usage usage) {
        ObjectNode root = header(plan, "chat.completion.chunk");
        root.putArray("choices");
        root.set("usage", usage.toJson());
        return root;
    }

    private ObjectNode chunk(GenerationPlan plan, int index, ObjectNode delta, ObjectNode chunkLogprobs, String finishReason) {
        ObjectNode root = header(plan, "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.set("logprobs", chunkLogprobs);
        choice.put("finish_reason", finishReason);
        if (plan.includeUsage()) {
            root.putNull("usage");
        }
        return root;
    }

    private ObjectNode header(GenerationPlan plan, String object) {
        return header(plan, object, modelId, fingerprint);
    }

    static ObjectNode header(GenerationPlan plan, String object, String modelId, String fingerprint) {
        ObjectNode root = Json.object();
        root.put("id", plan.requestId());
        root.put("object", object);
        root.put("created", plan.createdSeconds());
        root.put("model", modelId);
        root.put("system_fingerprint", fingerprint);
        return root;
    }

    /** The token limit of a request and the field it came from. */
    record MaxTokens(OptionalInt value, String field) {
        /** Reads {@code preferred}, else {@code legacy}; both with different values is an error. */
        static MaxTokens read(RequestBody body, String preferred, String legacy) {
            var a = body.integer(preferred, 1, Integer.MAX_VALUE);
            var b = legacy == null ? java.util.Optional.<Long>empty() : body.integer(legacy, 1, Integer.MAX_VALUE);
            if (a.isPresent() && b.isPresent() && !a.get().equals(b.get())) {
                throw new InvalidRequestException(legacy, "'" + legacy + "' and '" + preferred + "' disagree; send only '" + preferred + "'.");
            }
            if (a.isPresent()) {
                return new MaxTokens(OptionalInt.of((int) (long) a.get()), preferred);
            }
            return b.map(v -> new MaxTokens(OptionalInt.of((int) (long) v), legacy)).orElse(new MaxTokens(OptionalInt.empty(), preferred));
        }
    }
}
