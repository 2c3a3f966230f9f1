package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads {@code response_format}: {@code text}, {@code json_object} or {@code json_schema}. */
final class ResponseFormats {
    private ResponseFormats() {}

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
            case "json_object", "json_schema" -> throw new InvalidRequestException("response_format.type",
                    "'response_format' " + type + " needs constrained decoding, which this build of Loupe does not have yet.");
            default -> throw new InvalidRequestException("response_format.type", "'response_format.type' is '" + type
                    + "'; use text, json_object or json_schema.");
        };
    }
}
