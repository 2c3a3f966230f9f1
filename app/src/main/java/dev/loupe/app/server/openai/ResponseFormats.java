package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads {@code response_format}: {@code text}; {@code json_object}, any JSON object ({@link JsonObjectPattern});
 * or {@code json_schema}, JSON valid for the given schema. Both JSON formats are generated under constrained
 * decoding, so an answer that ends by itself is valid (one cut by the token limit ends with {@code length}).
 */
final class ResponseFormats {
    private ResponseFormats() {}

    /** {@code json_schema}: the schema is compiled now (a bad one is a 400), bound to the vocabulary on the generation thread. */
    private static OutputConstraint jsonSchema(JsonNode format, ConstraintCache cache) {
        JsonNode schema = format.path("json_schema").path("schema");
        if (!schema.isObject()) {
            throw new InvalidRequestException("response_format.json_schema.schema", "'response_format.json_schema.schema' must be a JSON Schema object.");
        }
        return cache.jsonSchema(schema, "response_format.json_schema.schema");
    }

    static OutputConstraint read(RequestBody body, ConstraintCache cache) {
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
            case "json_schema" -> jsonSchema(format, cache);
            // The schema compiler writes declared properties only, so "any object" is a pattern of its own. The
            // pattern is ours and always compiles, so it is compiled (once, a second or two) on the generation
            // thread rather than a network thread.
            case "json_object" -> generator -> cache.regex(JsonObjectPattern.object(JsonObjectPattern.DEPTH), "response_format").build(generator);
            default -> throw new InvalidRequestException("response_format.type", "'response_format.type' is '" + type
                    + "'; use text, json_object or json_schema.");
        };
    }
}
