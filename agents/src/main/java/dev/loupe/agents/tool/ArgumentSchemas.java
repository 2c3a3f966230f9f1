package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Builds the small JSON Schemas tools declare for their arguments. Stateless. */
public final class ArgumentSchemas {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ArgumentSchemas() {
    }

    /**
     * An object schema that allows exactly the given properties.
     *
     * @param properties name to schema, in the order the model should write them
     * @param required the names that must be present, each one of {@code properties}
     */
    public static ObjectNode object(Map<String, ObjectNode> properties, List<String> required) {
        for (String name : required) {
            if (!properties.containsKey(name)) {
                throw new IllegalArgumentException("Required property " + name + " is not among the properties.");
            }
        }
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        properties.forEach(props::set);
        required.forEach(schema.putArray("required")::add);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** A string property described for the model. */
    public static ObjectNode string(String description) {
        return JSON.objectNode().put("type", "string").put("description", description);
    }

    /** An integer property within [minimum, maximum]. */
    public static ObjectNode integer(String description, long minimum, long maximum) {
        if (minimum > maximum) {
            throw new IllegalArgumentException("minimum " + minimum + " is above maximum " + maximum);
        }
        return JSON.objectNode().put("type", "integer").put("description", description)
                .put("minimum", minimum).put("maximum", maximum);
    }
}
