package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
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
        Tools tools = Tools.read(body);
        List<ChatMessage> messages = withTools(messages(body), tools);
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
        OutputConstraint format = ResponseFormats.read(body, model.constraints());
        if (tools.active() && format != OutputConstraint.NONE) {
            throw new InvalidRequestException("response_format", "'response_format' cannot be combined with 'tools' here unless 'tool_choice' is none.");
        }
        OutputConstraint constraint = tools.active() ? ToolConstraints.of(tools, model.constraints()) : format;
        String preview = messages.reversed().stream().filter(m -> m.role() == ChatMessage.Role.USER).map(ChatMessage::content)
                .findFirst().orElse(messages.getLast().content());
        return new GenerationPlan(requestId, PATH, startedAt, List.of(new GenerationPlan.PlannedPrompt(Prompt.chat(messages), "", preview)),
                sampler, seed, max.value(), max.field(), stops, wantLogprobs, top, stream, includeUsage, constraint, tools);
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
        java.util.Map<String, String> callNames = new java.util.HashMap<>(); // tool call id -> function name
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
            messages.add(switch (role.asText()) {
                case "system", "developer" -> ChatMessage.system(content);
                case "user" -> ChatMessage.user(content);
                case "assistant" -> ChatMessage.assistant(content + calls(message.get("tool_calls"), field + ".tool_calls", callNames));
                case "tool" -> ChatMessage.user(toolResult(message, content, field, callNames));
                default -> throw new InvalidRequestException(field + ".role", "'" + field + ".role' is '" + role.asText()
                        + "'; this server accepts system, developer, user, assistant and tool.");
            });
        }
        return messages;
    }

    /** An assistant turn's earlier calls, as the model wrote them: one JSON object per line. */
    private static String calls(JsonNode calls, String field, java.util.Map<String, String> callNames) {
        if (calls == null || calls.isNull()) {
            return "";
        }
        if (!calls.isArray()) {
            throw new InvalidRequestException(field, "'" + field + "' must be an array of tool calls.");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode call : calls) {
            String name = call.path("function").path("name").asText("");
            if (name.isEmpty()) {
                throw new InvalidRequestException(field, "Every entry of '" + field + "' needs function.name.");
            }
            callNames.put(call.path("id").asText(""), name);
            ObjectNode written = Json.object();
            written.put("name", name);
            JsonNode arguments = call.path("function").path("arguments");
            try {
                written.set("arguments", arguments.isTextual() ? Json.MAPPER.readTree(arguments.asText()) : arguments);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                written.set("arguments", arguments);
            }
            text.append(text.isEmpty() ? "" : "\n").append(Json.text(written));
        }
        return text.toString();
    }

    /** A tool's answer, as the model reads it: which function returned what. */
    private static String toolResult(JsonNode message, String content, String field, java.util.Map<String, String> callNames) {
        String id = message.path("tool_call_id").asText("");
        if (id.isEmpty()) {
            throw new InvalidRequestException(field + ".tool_call_id", "A tool message needs the 'tool_call_id' of the call it answers.");
        }
        return "Function " + callNames.getOrDefault(id, id) + " returned: " + content;
    }

    /** The tool instructions appended to the first system message (or put first). */
    private static List<ChatMessage> withTools(List<ChatMessage> messages, Tools tools) {
        if (!tools.active()) {
            return messages;
        }
        List<ChatMessage> out = new ArrayList<>(messages);
        if (out.getFirst().role() == ChatMessage.Role.SYSTEM) {
            out.set(0, ChatMessage.system(out.getFirst().content() + "\n\n" + tools.instructions()));
        } else {
            out.addFirst(ChatMessage.system(tools.instructions()));
        }
        return out;
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
            if (choice.toolCall().isPresent()) {
                message.putNull("content");
                message.putArray("tool_calls").add(callJson(choice.toolCall().get(), false));
            } else {
                message.put("content", choice.result().text());
            }
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
    public ObjectNode toolCallChunk(GenerationPlan plan, int index, Tools.Call call) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(callJson(call, true));
        return chunk(plan, index, delta, null, null);
    }

    private static ObjectNode callJson(Tools.Call call, boolean indexed) {
        ObjectNode json = Json.object();
        if (indexed) {
            json.put("index", 0);
        }
        json.put("id", call.id());
        json.put("type", "function");
        ObjectNode function = json.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        return json;
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
