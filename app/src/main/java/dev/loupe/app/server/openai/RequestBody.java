package dev.loupe.app.server.openai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request's JSON object with typed, range-checked access to its fields. Every failure is an
 * {@link InvalidRequestException} naming the field; JSON {@code null} counts as absent, as at OpenAI. Fields the
 * server does not know are ignored. Not thread-safe (read it on one thread).
 */
final class RequestBody {
    private final ObjectNode root;

    private RequestBody(ObjectNode root) {
        this.root = root;
    }

    static RequestBody parse(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            // Only the position: Jackson's own message quotes the offending text, which may be part of a prompt, and
            // this message also goes to the runs table.
            var where = e.getLocation();
            throw new InvalidRequestException(null, "The request body is not valid JSON" + (where == null ? "" : " (line "
                    + where.getLineNr() + ", column " + where.getColumnNr() + ")") + "; send one JSON object.");
        } catch (IOException e) {
            throw new InvalidRequestException(null, "The request body could not be read.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException(null, "The request body must be a JSON object.");
        }
        return new RequestBody(object);
    }

    static RequestBody of(ObjectNode root) {
        return new RequestBody(root);
    }

    /** The field, or empty when absent or null. */
    Optional<JsonNode> node(String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    boolean has(String field) {
        return node(field).isPresent();
    }

    String requiredString(String field) {
        return string(field).orElseThrow(() -> new InvalidRequestException(field, "You must provide the '" + field + "' field."));
    }

    Optional<String> string(String field) {
        return node(field).map(v -> {
            if (!v.isTextual()) {
                throw new InvalidRequestException(field, "'" + field + "' must be a string.");
            }
            return v.asText();
        });
    }

    Optional<Boolean> bool(String field) {
        return node(field).map(v -> {
            if (!v.isBoolean()) {
                throw new InvalidRequestException(field, "'" + field + "' must be true or false.");
            }
            return v.asBoolean();
        });
    }

    /** A number in {@code [min, max]}. */
    Optional<Double> number(String field, double min, double max) {
        return node(field).map(v -> {
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new InvalidRequestException(field, "'" + field + "' must be a number.");
            }
            double d = v.asDouble();
            if (d < min || d > max) {
                throw new InvalidRequestException(field, "'" + field + "' must be between " + plain(min) + " and " + plain(max) + ", got " + plain(d) + ".");
            }
            return d;
        });
    }

    /** A whole number in {@code [min, max]}. */
    Optional<Long> integer(String field, long min, long max) {
        return node(field).map(v -> integerValue(field, v, min, max));
    }

    static long integerValue(String field, JsonNode v, long min, long max) {
        boolean whole = v.isIntegralNumber() && v.canConvertToLong()
                || v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 9e15;
        if (!whole) {
            throw new InvalidRequestException(field, "'" + field + "' must be a whole number.");
        }
        long n = v.asLong();
        if (n < min || n > max) {
            throw new InvalidRequestException(field, "'" + field + "' must be between " + min + " and " + max + ", got " + n + ".");
        }
        return n;
    }

    /** A string or an array of strings, as {@code stop} is. */
    List<String> stringOrStrings(String field, int maxCount) {
        Optional<JsonNode> value = node(field);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value.get().isTextual()) {
            out.add(value.get().asText());
        } else if (value.get().isArray()) {
            for (JsonNode item : value.get()) {
                if (!item.isTextual()) {
                    throw new InvalidRequestException(field, "'" + field + "' must be a string or an array of strings.");
                }
                out.add(item.asText());
            }
        } else {
            throw new InvalidRequestException(field, "'" + field + "' must be a string or an array of strings.");
        }
        if (out.size() > maxCount) {
            throw new InvalidRequestException(field, "'" + field + "' may hold at most " + maxCount + " entries, got " + out.size() + ".");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw new InvalidRequestException(field, "'" + field + "' must not contain empty strings.");
        }
        return out;
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
