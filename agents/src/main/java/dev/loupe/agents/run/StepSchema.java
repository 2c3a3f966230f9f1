package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.tool.Tool;
import java.util.List;

/**
 * The JSON Schema of one step the model writes: either
 * {@code {"thought": "...", "action": "<tool>", "arguments": {...}}} with the tool's own argument schema, or
 * {@code {"thought": "...", "answer": "..."}}. The action is an {@code enum} of one tool name per branch, so a
 * constrained decoder can only produce a known tool with arguments that tool accepts. Stateless.
 */
public final class StepSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StepSchema() {
    }

    /** The step schema for these tools, in their order. */
    public static ObjectNode forTools(List<Tool> tools) {
        ObjectNode schema = JSON.objectNode();
        ArrayNode branches = schema.putArray("anyOf");
        for (Tool tool : tools) {
            ObjectNode branch = branches.addObject().put("type", "object");
            ObjectNode properties = branch.putObject("properties");
            properties.putObject("thought").put("type", "string");
            properties.putObject("action").putArray("enum").add(tool.name());
            properties.set("arguments", tool.argumentsSchema());
            branch.putArray("required").add("thought").add("action").add("arguments");
            branch.put("additionalProperties", false);
        }
        ObjectNode answer = branches.addObject().put("type", "object");
        ObjectNode properties = answer.putObject("properties");
        properties.putObject("thought").put("type", "string");
        properties.putObject("answer").put("type", "string");
        answer.putArray("required").add("thought").add("answer");
        answer.put("additionalProperties", false);
        return schema;
    }
}
