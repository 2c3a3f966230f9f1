package dev.loupe.ui.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/** JSON as the timeline shows it (indented) and as the user types it back. Stateless, thread-safe. */
final class PrettyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrettyJson() {
    }

    /** Indented JSON; {@code "{}"} for null. */
    static String write(JsonNode value) {
        if (value == null) {
            return "{}";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // A tree read from JSON always writes back; keep the compact form if it ever does not.
            return value.toString();
        }
    }

    /** The value {@code text} holds, or empty with nothing more when it is not one JSON value. */
    static Optional<JsonNode> read(String text) {
        try {
            JsonNode node = JSON.readTree(text == null ? "" : text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Why {@code text} is not JSON, as one short phrase with the line and column. */
    static String problem(String text) {
        try {
            JSON.readTree(text == null ? "" : text);
            return "it is empty";
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            return e.getOriginalMessage().lines().findFirst().orElse("it is not JSON")
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
    }
}
