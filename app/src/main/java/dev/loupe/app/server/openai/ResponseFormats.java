package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads {@code response_format}: {@code text}, {@code json_object} or {@code json_schema}. */
final class ResponseFormats {
    /**
     * {@code json_object}: any JSON object whose values are strings, numbers, booleans or null. Arbitrary nesting
     * is not a regular language, so nested values are left out; the answer is still always a valid JSON object.
     */
    private static final String STRING = "\"(?:[^\"\\\\\\x00-\\x1f]|\\\\[\"\\\\/bfnrt])*\"";
    private static final String VALUE = "(?:" + STRING + "|-?(?:0|[1-9][0-9]{0,15})(?:\\.[0-9]{1,16})?|true|false|null)";
    private static final String MEMBER = STRING + " ?: ?" + VALUE;
    private static final dev.loupe.inference.constrain.ByteAutomaton FLAT_OBJECT =
            dev.loupe.inference.constrain.RegexCompiler.compile("\\{ ?(?:" + MEMBER + "(?: ?, ?" + MEMBER + ")*)? ?\\}");
    private static final OutputConstraint JSON_OBJECT =
            generator -> new dev.loupe.inference.constrain.AutomatonConstraint(FLAT_OBJECT, generator.pieces(), generator.stopTokens());

    private ResponseFormats() {}

    /** {@code json_schema}: the schema is compiled now (a bad one is a 400), bound to the vocabulary on the generation thread. */
    private static OutputConstraint jsonSchema(JsonNode format) {
        JsonNode schema = format.path("json_schema").path("schema");
        if (!schema.isObject()) {
            throw new InvalidRequestException("response_format.json_schema.schema", "'response_format.json_schema.schema' must be a JSON Schema object.");
        }
        return OutputConstraint.jsonSchema(schema, "response_format.json_schema.schema");
    }

    static OutputConstraint read(RequestBody body) {
        JsonNode format = body.node("response_format").orElse(null);
        if (format == null) {
            return OutputConstraint.NONE;
        }
        if (!format.isObject() || !format.path("type").isTextual()) {
            throw new InvalidRequestException("response_format", "'response_format' must be an object with a 'type': text, json_object or json_schema.");
        }
        String type = format.get("type").asText();
        return switch (type) {
            case "text" -> OutputConstraint.NONE;
            case "json_schema" -> jsonSchema(format);
            case "json_object" -> JSON_OBJECT;
            default -> throw new InvalidRequestException("response_format.type", "'response_format.type' is '" + type
                    + "'; use text, json_object or json_schema.");
        };
    }
}
