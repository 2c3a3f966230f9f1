package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON value against the subset of JSON Schema that tools and the step schema use: {@code type}
 * (object, string, integer, number, boolean, array), {@code properties}, {@code required},
 * {@code additionalProperties: false}, {@code enum}, {@code const}, {@code minimum}, {@code maximum},
 * {@code items} and {@code anyOf}. Keywords outside the subset are ignored. Stateless.
 */
public final class SchemaValidator {
    private SchemaValidator() {
    }

    /**
     * The problems found, each one short sentence naming the place ({@code $.arguments.expression}); empty when
     * the value is valid.
     */
    public static List<String> problems(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private static void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema.has("anyOf")) {
            List<String> best = null;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> found = new ArrayList<>();
                check(value, option, at, found);
                if (found.isEmpty()) {
                    return;
                }
                if (best == null || found.size() < best.size()) {
                    best = found;
                }
            }
            problems.addAll(best == null ? List.of(at + " matches none of the allowed forms") : best);
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(at + " must be " + article(type) + ", not " + describe(value));
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + " must be " + schema.get("const"));
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                problems.add(at + " must be one of " + schema.get("enum") + ", not " + value);
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                problems.add(at + " must be at least " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                problems.add(at + " must be at most " + schema.get("maximum"));
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    problems.add(at + " is missing the required property '" + name.asText() + "'");
                }
            }
            Set<String> seen = new HashSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                seen.add(field.getKey());
                JsonNode propertySchema = properties.get(field.getKey());
                if (propertySchema != null) {
                    check(field.getValue(), propertySchema, at + "." + field.getKey(), problems);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    List<String> known = new ArrayList<>();
                    properties.fieldNames().forEachRemaining(known::add);
                    problems.add(at + " has the unknown property '" + field.getKey() + "'"
                            + (known.isEmpty() ? ", and takes none" : "; allowed: " + String.join(", ", known)));
                }
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value
                    .asDouble());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String article(String type) {
        return (type.startsWith("o") || type.startsWith("i") || type.startsWith("a") ? "an " : "a ") + type;
    }

    private static String describe(JsonNode value) {
        return value.isNull() ? "null" : value.isMissingNode() ? "missing" : article(value.getNodeType().name()
                .toLowerCase(java.util.Locale.ROOT).replace("pojo", "object"));
    }
}
