package dev.loupe.inference.constrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a JSON Schema into a {@link ByteAutomaton} whose matches are exactly the JSON texts Loupe lets a model
 * write for it. Every match validates against the schema; not every valid document is a match, because the
 * output follows one layout:
 *
 * <ul>
 *   <li>Whitespace: none, except one optional space after each {@code :} and {@code ,}
 *       ({@code {"a": 1, "b": [2, 3]}} and {@code {"a":1,"b":[2,3]}} both match). No leading or trailing space.
 *   <li>Objects: the declared {@code properties} in declared order; {@code required} ones always, the others
 *       optionally. No other property is written, whatever {@code additionalProperties} says (the default is
 *       treated as false).
 *   <li>Strings: any Unicode text, with the escapes {@code \" \\ \/ \b \f \n \r \t \}{@code uXXXX}; control
 *       characters only escaped, a {@code \}{@code u} surrogate only as a high-low pair; {@code minLength} and
 *       {@code maxLength} count code points as JSON Schema does.
 *   <li>Numbers: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?} with at most {@value #MAX_INTEGER_DIGITS} integer
 *       digits, {@value #MAX_FRACTION_DIGITS} fraction digits and {@value #MAX_EXPONENT_DIGITS} exponent digits,
 *       so that a number always ends; integers are written without fraction or exponent.
 *   <li>{@code enum} and {@code const} values are written as compact JSON.
 * </ul>
 *
 * <p>Supported keywords: {@code type} (one or a list; object, array, string, number, integer, boolean, null),
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code items}, {@code minItems},
 * {@code maxItems}, {@code minLength}, {@code maxLength}, {@code enum}, {@code const}, {@code anyOf}, local
 * non-recursive {@code $ref} to {@code #/...}, and {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum} on integers (the range becomes exact digit patterns, see {@link IntegerRange}); annotations ({@code title}, {@code description}, {@code $schema},
 * {@code $defs}, ...) are ignored. Any other keyword is rejected with an {@link InvalidConstraintException} rather
 * than ignored, because ignoring a restriction would let the model write output that fails validation.
 */
public final class JsonSchemaCompiler {
    public static final int MAX_INTEGER_DIGITS = 16;
    public static final int MAX_FRACTION_DIGITS = 16;
    public static final int MAX_EXPONENT_DIGITS = 3;
    /** Largest minLength, maxLength, minItems or maxItems accepted (each repetition is unrolled). */
    public static final int MAX_COUNT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$schema", "$id", "$comment", "$defs",
            "definitions", "default", "examples", "deprecated", "readOnly", "writeOnly", "$anchor");
    private static final Set<String> KEYWORDS = Set.of("type", "enum", "const", "properties", "required", "additionalProperties",
            "items", "minItems", "maxItems", "minLength", "maxLength", "anyOf", "$ref", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum");
    private static final List<String> BOUNDS = List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
    private static final List<String> TYPES = List.of("object", "array", "string", "number", "integer", "boolean", "null");

    private static final Rx SPACE = Rx.optional(Rx.literal(" "));
    private static final Rx DIGIT = Rx.bytes(ByteSet.range('0', '9'));
    private static final Rx HEX = Rx.bytes(ByteSet.range('0', '9').union(ByteSet.range('a', 'f')).union(ByteSet.range('A', 'F')));

    private final JsonNode root;
    private final Deque<String> refs = new ArrayDeque<>();
    private Rx stringChar;

    /** The keywords the compiler enforces or ignores as annotations; any other one makes it refuse the schema. */
    public static Set<String> knownKeywords() {
        Set<String> known = new LinkedHashSet<>(KEYWORDS);
        known.addAll(ANNOTATIONS);
        return Set.copyOf(known);
    }

    private JsonSchemaCompiler(JsonNode root) {
        this.root = root;
    }

    /**
     * @param schemaJson the schema as JSON text
     * @throws InvalidConstraintException when the text is not JSON, uses an unsupported keyword, or is too large
     */
    public static ByteAutomaton compile(String schemaJson) {
        return compile(read(schemaJson));
    }

    /** @throws InvalidConstraintException when the schema uses an unsupported keyword or is too large */
    public static ByteAutomaton compile(JsonNode schema) {
        return ByteAutomaton.compile(parse(schema));
    }

    static JsonNode read(String schemaJson) {
        if (schemaJson == null || schemaJson.isBlank()) {
            throw new InvalidConstraintException("The JSON Schema is empty; give a schema such as {\"type\": \"object\", ...}.");
        }
        try {
            return JSON.readTree(schemaJson);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidConstraintException("The JSON Schema is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ")") + "; fix its syntax.", e);
        }
    }

    static Rx parse(JsonNode schema) {
        return new JsonSchemaCompiler(schema).schema(schema, "");
    }

    private Rx schema(JsonNode node, String path) {
        String where = path.isEmpty() ? "the top level" : path;
        if (node.isBoolean()) {
            throw new InvalidConstraintException("The JSON Schema allows " + (node.asBoolean() ? "any value" : "no value") + " at " + where
                    + "; give it a type (any-value schemas are not supported).");
        }
        if (!node.isObject()) {
            throw new InvalidConstraintException("The JSON Schema has " + node.getNodeType().name().toLowerCase() + " where a schema object belongs at "
                    + where + "; write a schema object there.");
        }
        for (var field : node.properties()) {
            String key = field.getKey();
            if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key)) {
                throw new InvalidConstraintException("The JSON Schema uses the keyword \"" + key + "\" at " + where
                        + ", which constrained output does not support; remove it or express it with the supported keywords.");
            }
        }
        if (node.has("$ref")) {
            onlyWith(node, where, "$ref");
            return reference(node.get("$ref"), where);
        }
        if (node.has("anyOf")) {
            onlyWith(node, where, "anyOf");
            JsonNode options = node.get("anyOf");
            if (!options.isArray() || options.isEmpty()) {
                throw new InvalidConstraintException("The JSON Schema's \"anyOf\" at " + where + " is not a non-empty list of schemas; list at least one schema.");
            }
            List<Rx> alternatives = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                alternatives.add(schema(options.get(i), path + "/anyOf/" + i));
            }
            return Rx.alt(alternatives);
        }
        Set<String> types = types(node, where);
        boolean bounded = BOUNDS.stream().anyMatch(node::has);
        if (bounded && !types.equals(Set.of("integer"))) {
            throw new InvalidConstraintException("The JSON Schema bounds a value that is not only an integer at " + where
                    + "; constrained output supports minimum and maximum on \"type\": \"integer\" only, so drop the bound or make it an integer.");
        }
        if (node.has("const")) {
            if (bounded && !IntegerRange.contains(node, node.get("const"), where)) {
                throw new InvalidConstraintException("The JSON Schema's \"const\" at " + where + " lies outside its minimum and maximum; make them agree.");
            }
            return literalValue(node.get("const"), types, where, "const");
        }
        if (node.has("enum")) {
            JsonNode values = node.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                throw new InvalidConstraintException("The JSON Schema's \"enum\" at " + where + " is not a non-empty list; list the allowed values.");
            }
            List<Rx> options = new ArrayList<>();
            for (JsonNode value : values) {
                if ((types.isEmpty() || types.stream().anyMatch(t -> hasType(value, t))) && (!bounded || IntegerRange.contains(node, value, where))) {
                    options.add(Rx.literal(compact(value)));
                }
            }
            if (options.isEmpty()) {
                throw new InvalidConstraintException("The JSON Schema's \"enum\" at " + where + " has no value of its declared type; make them agree.");
            }
            return Rx.alt(options);
        }
        if (types.isEmpty()) {
            throw new InvalidConstraintException("The JSON Schema gives no type at " + where + "; add \"type\" (or enum, const, anyOf).");
        }
        List<Rx> options = new ArrayList<>();
        for (String type : types) {
            options.add(switch (type) {
                case "object" -> object(node, path, where);
                case "array" -> array(node, path, where);
                case "string" -> string(node, where);
                case "number" -> number(false);
                case "integer" -> bounded ? IntegerRange.of(node, where) : number(true);
                case "boolean" -> Rx.alt(Rx.literal("true"), Rx.literal("false"));
                default -> Rx.literal("null");
            });
        }
        return Rx.alt(options);
    }

    /** The declared types, or the one implied by properties or items when "type" is absent. */
    private static Set<String> types(JsonNode node, String where) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = node.get("type");
        if (type == null) {
            if (node.has("properties")) {
                types.add("object");
            } else if (node.has("items")) {
                types.add("array");
            }
            return types;
        }
        List<JsonNode> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(names::add);
        } else {
            names.add(type);
        }
        for (JsonNode name : names) {
            if (!name.isTextual() || !TYPES.contains(name.asText())) {
                throw new InvalidConstraintException("The JSON Schema has the unknown type " + name + " at " + where + "; use one of " + TYPES + ".");
            }
            types.add(name.asText());
        }
        if (types.isEmpty()) {
            throw new InvalidConstraintException("The JSON Schema's \"type\" at " + where + " is an empty list; name at least one type.");
        }
        return types;
    }

    private static void onlyWith(JsonNode node, String where, String keyword) {
        for (var field : node.properties()) {
            if (!field.getKey().equals(keyword) && !ANNOTATIONS.contains(field.getKey())) {
                throw new InvalidConstraintException("The JSON Schema combines \"" + keyword + "\" with \"" + field.getKey() + "\" at " + where
                        + ", which is not supported; move \"" + field.getKey() + "\" into the referenced or listed schemas.");
            }
        }
    }

    private Rx reference(JsonNode ref, String where) {
        if (!ref.isTextual() || !ref.asText().startsWith("#")) {
            throw new InvalidConstraintException("The JSON Schema's \"$ref\" at " + where + " is not a local reference such as \"#/$defs/Name\"; inline the schema.");
        }
        String pointer = ref.asText().substring(1);
        if (refs.contains(pointer)) {
            throw new InvalidConstraintException("The JSON Schema refers to " + ref.asText() + " from inside itself at " + where
                    + "; recursive schemas are not supported, so unroll it to a fixed depth.");
        }
        JsonNode target;
        try {
            target = root.at(pointer);
        } catch (IllegalArgumentException e) {
            throw new InvalidConstraintException("The JSON Schema's \"$ref\" " + ref.asText() + " at " + where + " is not a valid JSON pointer; fix it.", e);
        }
        if (target.isMissingNode()) {
            throw new InvalidConstraintException("The JSON Schema's \"$ref\" " + ref.asText() + " at " + where + " points at nothing; define that schema.");
        }
        refs.push(pointer);
        try {
            return schema(target, pointer);
        } finally {
            refs.pop();
        }
    }

    private Rx literalValue(JsonNode value, Set<String> types, String where, String keyword) {
        if (!types.isEmpty() && types.stream().noneMatch(t -> hasType(value, t))) {
            throw new InvalidConstraintException("The JSON Schema's \"" + keyword + "\" at " + where + " is not of its declared type; make them agree.");
        }
        return Rx.literal(compact(value));
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "boolean" -> value.isBoolean();
            default -> value.isNull();
        };
    }

    private Rx object(JsonNode node, String path, String where) {
        JsonNode properties = node.path("properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            throw new InvalidConstraintException("The JSON Schema's \"properties\" at " + where + " is not an object; map names to schemas.");
        }
        Set<String> required = new LinkedHashSet<>();
        JsonNode requiredNode = node.path("required");
        if (!requiredNode.isMissingNode()) {
            if (!requiredNode.isArray()) {
                throw new InvalidConstraintException("The JSON Schema's \"required\" at " + where + " is not a list of names; list the property names.");
            }
            for (JsonNode name : requiredNode) {
                if (!name.isTextual() || !properties.has(name.asText())) {
                    throw new InvalidConstraintException("The JSON Schema requires " + name + " at " + where
                            + " but does not declare it under \"properties\"; declare it (other properties are never written).");
                }
                required.add(name.asText());
            }
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && !additional.isBoolean() && !additional.isObject()) {
            throw new InvalidConstraintException("The JSON Schema's \"additionalProperties\" at " + where + " is neither a boolean nor a schema; fix it.");
        }
        Map<String, Rx> members = new LinkedHashMap<>();
        if (properties.isObject()) {
            for (var field : properties.properties()) {
                Rx value = schema(field.getValue(), path + "/properties/" + escapePointer(field.getKey()));
                members.put(field.getKey(), Rx.seq(Rx.literal(compact(JSON.getNodeFactory().textNode(field.getKey()))), Rx.literal(":"), SPACE, value));
            }
        }
        // rest[i][first]: the members from i on, before the closing brace; `first` when none was written yet, so
        // no comma is due. Each member's "member, then the rest" node is shared by both, which keeps the tree
        // linear in the number of properties although every optional one may be left out.
        List<String> names = new ArrayList<>(members.keySet());
        int n = names.size();
        Rx restFirst = Rx.EMPTY;
        Rx restLater = Rx.EMPTY;
        for (int i = n - 1; i >= 0; i--) {
            Rx thenRest = Rx.seq(members.get(names.get(i)), restLater);
            Rx withComma = Rx.seq(Rx.literal(","), SPACE, thenRest);
            boolean mandatory = required.contains(names.get(i));
            Rx first = mandatory ? thenRest : Rx.alt(thenRest, restFirst);
            Rx later = mandatory ? withComma : Rx.alt(withComma, restLater);
            restFirst = first;
            restLater = later;
        }
        return Rx.seq(Rx.literal("{"), restFirst, Rx.literal("}"));
    }

    private Rx array(JsonNode node, String path, String where) {
        int min = count(node, "minItems", 0, where);
        int max = count(node, "maxItems", Rx.Repeat.UNBOUNDED, where);
        if (max != Rx.Repeat.UNBOUNDED && max < min) {
            throw new InvalidConstraintException("The JSON Schema's maxItems is below its minItems at " + where + "; no array can satisfy it.");
        }
        if (max == 0) {
            return Rx.literal("[]");
        }
        JsonNode items = node.get("items");
        if (items == null) {
            throw new InvalidConstraintException("The JSON Schema gives no \"items\" for the array at " + where + "; give the items a schema.");
        }
        if (items.isArray()) {
            throw new InvalidConstraintException("The JSON Schema gives \"items\" as a list (tuple form) at " + where + ", which is not supported; give one schema.");
        }
        Rx item = schema(items, path + "/items");
        Rx more = Rx.seq(Rx.literal(","), SPACE, item);
        Rx list = Rx.seq(item, Rx.repeat(more, Math.max(min - 1, 0), max == Rx.Repeat.UNBOUNDED ? Rx.Repeat.UNBOUNDED : max - 1));
        return Rx.seq(Rx.literal("["), min == 0 ? Rx.optional(list) : list, Rx.literal("]"));
    }

    private Rx string(JsonNode node, String where) {
        int min = count(node, "minLength", 0, where);
        int max = count(node, "maxLength", Rx.Repeat.UNBOUNDED, where);
        if (max != Rx.Repeat.UNBOUNDED && max < min) {
            throw new InvalidConstraintException("The JSON Schema's maxLength is below its minLength at " + where + "; no string can satisfy it.");
        }
        return Rx.seq(Rx.literal("\""), Rx.repeat(stringChar(), min, max), Rx.literal("\""));
    }

    /** One character of a JSON string: plain UTF-8 or one escape (a surrogate pair escape counts as one). */
    private Rx stringChar() {
        if (stringChar == null) {
            Rx plain = Utf8.codePoints(List.of(new int[] {0x20, 0x21}, new int[] {0x23, 0x5B}, new int[] {0x5D, Utf8.MAX_CODE_POINT}));
            Rx notSurrogate = Rx.alt(
                    Rx.seq(Rx.bytes(ByteSet.ofAscii("0123456789abcABCefEF")), HEX, HEX, HEX),
                    Rx.seq(Rx.bytes(ByteSet.ofAscii("dD")), Rx.bytes(ByteSet.range('0', '7')), HEX, HEX));
            Rx high = Rx.seq(Rx.bytes(ByteSet.ofAscii("dD")), Rx.bytes(ByteSet.ofAscii("89abAB")), HEX, HEX);
            Rx low = Rx.seq(Rx.bytes(ByteSet.ofAscii("dD")), Rx.bytes(ByteSet.ofAscii("cdefCDEF")), HEX, HEX);
            Rx unicode = Rx.seq(Rx.literal("u"), Rx.alt(notSurrogate, Rx.seq(high, Rx.literal("\\u"), low)));
            Rx escape = Rx.seq(Rx.literal("\\"), Rx.alt(Rx.bytes(ByteSet.ofAscii("\"\\/bfnrt")), unicode));
            stringChar = Rx.alt(plain, escape);
        }
        return stringChar;
    }

    private static Rx number(boolean integer) {
        Rx integerPart = Rx.alt(Rx.literal("0"),
                Rx.seq(Rx.bytes(ByteSet.range('1', '9')), Rx.repeat(DIGIT, 0, MAX_INTEGER_DIGITS - 1)));
        Rx sign = Rx.optional(Rx.literal("-"));
        if (integer) {
            return Rx.seq(sign, integerPart);
        }
        Rx fraction = Rx.optional(Rx.seq(Rx.literal("."), Rx.repeat(DIGIT, 1, MAX_FRACTION_DIGITS)));
        Rx exponent = Rx.optional(Rx.seq(Rx.bytes(ByteSet.ofAscii("eE")), Rx.optional(Rx.bytes(ByteSet.ofAscii("+-"))),
                Rx.repeat(DIGIT, 1, MAX_EXPONENT_DIGITS)));
        return Rx.seq(sign, integerPart, fraction, exponent);
    }

    private static int count(JsonNode node, String keyword, int absent, String where) {
        JsonNode value = node.get(keyword);
        if (value == null) {
            return absent;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0 || value.asInt() > MAX_COUNT) {
            throw new InvalidConstraintException("The JSON Schema's \"" + keyword + "\" at " + where + " must be a whole number from 0 to "
                    + MAX_COUNT + ", got " + value + "; change it.");
        }
        return value.asInt();
    }

    private static String compact(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON value could not be written back", e);
        }
    }

    private static String escapePointer(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
