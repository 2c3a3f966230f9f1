package dev.loupe.agents.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.TokenConstraint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tool-call convention of chat templates trained for tools (Hermes, Qwen 2.5, SmolLM3 and their kin): the
 * system message lists each function as {@code {"type": "function", "function": {name, description, parameters}}}
 * inside {@code <tools></tools>}; the model calls one by writing {@code <tool_call>\n{"name": ..., "arguments":
 * {...}}\n</tool_call>} and answers in plain text; results come back inside {@code <tool_response></tool_response>}.
 * The constraint covers the wrapper: a step is either such a call with arguments valid for the named tool or text
 * that does not open with {@code <}. Stateless.
 */
public final class NativeToolFormat implements ToolFormat {
    /** The one native convention Loupe speaks. */
    public static final NativeToolFormat HERMES = new NativeToolFormat();

    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private NativeToolFormat() {
    }

    /**
     * The native format when {@code chatTemplate} (the Jinja source of tokenizer_config.json) handles tools with
     * {@code <tool_call>} tags; empty otherwise, and then the ReAct JSON step is the way to go.
     */
    public static Optional<NativeToolFormat> detect(String chatTemplate) {
        return chatTemplate != null && chatTemplate.contains("tools") && chatTemplate.contains(OPEN)
                ? Optional.of(HERMES) : Optional.empty();
    }

    @Override
    public String systemPrompt(List<Tool> tools) {
        StringBuilder text = new StringBuilder("""
                Solve the user's task. You may call the functions listed between <tools></tools>, one call per \
                turn, and then answer in plain text.

                <tools>
                """);
        for (Tool tool : tools) {
            ObjectNode function = JSON.objectNode().put("type", "function");
            function.putObject("function").put("name", tool.name()).put("description", tool.description())
                    .set("parameters", tool.argumentsSchema());
            text.append(function).append('\n');
        }
        text.append("""
                </tools>

                To call a function, write its name and arguments as one JSON object between <tool_call></tool_call> tags:
                <tool_call>
                {"name": "<function-name>", "arguments": {<arguments>}}
                </tool_call>
                The result comes back between <tool_response></tool_response> tags.
                """);
        return text.toString();
    }

    @Override
    public ParsedStep parse(String raw, Map<String, Tool> tools) {
        int open = raw.indexOf(OPEN);
        if (open < 0) {
            String answer = raw.strip();
            return answer.isEmpty() ? new ParsedStep.Invalid(null, null, null,
                    "The step is empty; call a function between <tool_call></tool_call> tags or answer in text.")
                    : new ParsedStep.Answer("", answer);
        }
        String thought = raw.substring(0, open).strip();
        int close = raw.indexOf(CLOSE, open);
        if (close < 0) {
            return new ParsedStep.Invalid(thought, null, null, "The tool call is not closed with " + CLOSE + ".");
        }
        JsonNode call;
        try {
            call = MAPPER.readTree(raw.substring(open + OPEN.length(), close));
        } catch (JsonProcessingException e) {
            return new ParsedStep.Invalid(thought, null, null,
                    "The tool call is not valid JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            return new ParsedStep.Invalid(thought, null, null, "The tool call cannot be read: " + e.getMessage() + ".");
        }
        if (call == null || !call.isObject() || !call.path("name").isTextual()) {
            return new ParsedStep.Invalid(thought, null, null,
                    "The tool call must be a JSON object with \"name\" and \"arguments\".");
        }
        List<String> extra = new ArrayList<>();
        call.fieldNames().forEachRemaining(name -> {
            if (!name.equals("name") && !name.equals("arguments")) {
                extra.add(name);
            }
        });
        if (!extra.isEmpty()) {
            return new ParsedStep.Invalid(thought, call.get("name").asText(), call.get("arguments"),
                    "The tool call has the unknown properties " + extra + "; it takes only name and arguments.");
        }
        // The same checks as a ReAct step: known tool, arguments valid for it.
        ObjectNode step = JSON.objectNode().put("thought", thought).put("action", call.get("name").asText());
        if (call.has("arguments")) {
            step.set("arguments", call.get("arguments"));
        }
        return ParsedStep.parse(step.toString(), tools);
    }

    @Override
    public String observationMessage(String observation) {
        return "<tool_response>\n" + observation + "\n</tool_response>";
    }

    @Override
    public TokenConstraint constraint(StepConstraints constraints, List<Tool> tools) {
        return constraints.forWrappedCalls(new StepConstraints.WrappedCalls(OPEN + "\n", callSchema(tools),
                "\n" + CLOSE, true));
    }

    /** One {@code anyOf} branch per tool: {@code name} is its name, {@code arguments} its argument schema. */
    static ObjectNode callSchema(List<Tool> tools) {
        ObjectNode schema = JSON.objectNode();
        ArrayNode branches = schema.putArray("anyOf");
        for (Tool tool : tools) {
            ObjectNode branch = branches.addObject().put("type", "object");
            ObjectNode properties = branch.putObject("properties");
            properties.putObject("name").put("const", tool.name());
            properties.set("arguments", tool.argumentsSchema());
            branch.putArray("required").add("name").add("arguments");
            branch.put("additionalProperties", false);
        }
        return schema;
    }

    @Override
    public String toString() {
        return "native";
    }
}
