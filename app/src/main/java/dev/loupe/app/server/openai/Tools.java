package dev.loupe.app.server.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The functions a chat request offers ({@code tools}) and whether the model must call one ({@code tool_choice}).
 * The model is shown the functions in a system message and answers a call as one JSON object
 * {@code {"name": ..., "arguments": {...}}}, which the output constraint keeps valid for the function's
 * {@code parameters} schema; that object is returned as the message's {@code tool_calls}.
 *
 * @param tools the functions offered, in request order
 * @param mode none (tools ignored), auto (text or a call), required (a call), or named (a call of one function)
 * @param named the function {@code tool_choice} names, for {@link Mode#NAMED}
 */
record Tools(List<Tool> tools, Mode mode, Optional<String> named) {
    static final Tools NONE = new Tools(List.of(), Mode.NONE, Optional.empty());
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    enum Mode { NONE, AUTO, REQUIRED, NAMED }

    /** One function: its name, what it does, and the JSON Schema of its arguments (an object). */
    record Tool(String name, String description, ObjectNode parameters) {
        Tool {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * A call the model made.
     *
     * @param id the id clients quote in the {@code tool} message that answers it
     * @param name the function
     * @param arguments the arguments object as JSON text, as OpenAI returns it
     */
    record Call(String id, String name, String arguments) {}

    Tools {
        tools = List.copyOf(tools);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(named, "named");
    }

    /** Whether the output is constrained to (or may be) a call. */
    boolean active() {
        return mode != Mode.NONE && !tools.isEmpty();
    }

    /** Whether the output must be a call. */
    boolean forced() {
        return mode == Mode.REQUIRED || mode == Mode.NAMED;
    }

    static Tools read(RequestBody body) {
        JsonNode array = body.node("tools").orElse(null);
        List<Tool> tools = new ArrayList<>();
        if (array != null) {
            if (!array.isArray()) {
                throw new InvalidRequestException("tools", "'tools' must be an array of {\"type\":\"function\",\"function\":{...}}.");
            }
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < array.size(); i++) {
                Tool tool = tool(array.get(i), "tools[" + i + "]");
                if (!names.add(tool.name())) {
                    throw new InvalidRequestException("tools[" + i + "].function.name", "Two tools are named '" + tool.name() + "'; names must be unique.");
                }
                tools.add(tool);
            }
        }
        JsonNode choice = body.node("tool_choice").orElse(null);
        Mode mode = tools.isEmpty() ? Mode.NONE : Mode.AUTO;
        Optional<String> named = Optional.empty();
        if (choice != null && choice.isTextual()) {
            mode = switch (choice.asText()) {
                case "none" -> Mode.NONE;
                case "auto" -> mode;
                case "required" -> Mode.REQUIRED;
                default -> throw new InvalidRequestException("tool_choice", "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}.");
            };
        } else if (choice != null && choice.isObject()) {
            String function = choice.path("function").path("name").asText("");
            if (!"function".equals(choice.path("type").asText()) || function.isEmpty()) {
                throw new InvalidRequestException("tool_choice", "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}.");
            }
            mode = Mode.NAMED;
            named = Optional.of(function);
        } else if (choice != null) {
            throw new InvalidRequestException("tool_choice", "'tool_choice' must be a string or an object.");
        }
        if ((mode == Mode.REQUIRED || mode == Mode.NAMED) && tools.isEmpty()) {
            throw new InvalidRequestException("tool_choice", "'tool_choice' asks for a tool call, but 'tools' offers none.");
        }
        String name = named.orElse(null);
        if (name != null && tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw new InvalidRequestException("tool_choice", "'tool_choice' names '" + name + "', which is not among 'tools'.");
        }
        return new Tools(tools, mode, named);
    }

    private static Tool tool(JsonNode node, String field) {
        if (!node.isObject() || !"function".equals(node.path("type").asText()) || !node.path("function").isObject()) {
            throw new InvalidRequestException(field, "'" + field + "' must be {\"type\":\"function\",\"function\":{\"name\",\"description\",\"parameters\"}}.");
        }
        JsonNode function = node.get("function");
        String name = function.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException(field + ".function.name", "'" + field + ".function.name' must be 1-64 letters, digits, _ or -.");
        }
        JsonNode parameters = function.get("parameters");
        ObjectNode schema;
        if (parameters == null || parameters.isNull()) {
            schema = Json.object().put("type", "object"); // a function without parameters takes {}
        } else if (parameters instanceof ObjectNode object) {
            schema = object;
        } else {
            throw new InvalidRequestException(field + ".function.parameters", "'" + field + ".function.parameters' must be a JSON Schema object.");
        }
        return new Tool(name, function.path("description").asText(""), schema);
    }

    /** The functions as the model reads them, appended to the system message. */
    String instructions() {
        StringBuilder text = new StringBuilder(forced()
                ? "Answer by calling one of these functions."
                : "You may call one of these functions instead of answering in text.");
        text.append(" To call a function, reply with only a JSON object {\"name\": \"<function name>\", \"arguments\": {<arguments>}}.\nFunctions:");
        for (Tool tool : candidates()) {
            text.append("\n- ").append(tool.name());
            if (!tool.description().isBlank()) {
                text.append(": ").append(tool.description().strip());
            }
            text.append("\n  arguments: ").append(Json.text(tool.parameters()));
        }
        return text.toString();
    }

    /** The functions the model may call: all of them, or the one {@code tool_choice} names. */
    List<Tool> candidates() {
        return named.map(n -> tools.stream().filter(t -> t.name().equals(n)).toList()).orElse(tools);
    }

    /**
     * The JSON Schema of a call: {@code {"name": <const>, "arguments": <parameters>}}, one alternative per
     * candidate function.
     */
    ObjectNode callSchema() {
        ObjectNode schema = Json.object();
        ArrayNode alternatives = schema.putArray("anyOf");
        for (Tool tool : candidates()) {
            ObjectNode call = alternatives.addObject();
            call.put("type", "object");
            ObjectNode properties = call.putObject("properties");
            properties.putObject("name").put("const", tool.name());
            properties.set("arguments", tool.parameters());
            call.putArray("required").add("name").add("arguments");
        }
        return schema;
    }

    /** The call in {@code text}, when the model answered with one (a JSON object naming a candidate function). */
    Optional<Call> parse(String text) {
        if (!active() || !text.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode call;
        try {
            call = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return Optional.empty(); // cut off by the token limit: returned as text
        }
        String name = call.path("name").asText("");
        JsonNode arguments = call.get("arguments");
        if (arguments == null || candidates().stream().noneMatch(t -> t.name().equals(name))) {
            return Optional.empty();
        }
        String id = "call_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        return Optional.of(new Call(id, name, Json.text(arguments)));
    }
}
