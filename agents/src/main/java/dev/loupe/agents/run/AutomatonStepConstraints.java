package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.constrain.AutomatonConstraint;
import dev.loupe.inference.constrain.JsonSchemaCompiler;
import dev.loupe.inference.constrain.RegularLanguage;
import dev.loupe.inference.tokenize.TokenPieces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Constrains every step with {@code inference.constrain}: the model can only write a step that names a known tool
 * with arguments valid for it, or an answer. The schema is first made decodable:
 *
 * <ul>
 *   <li>strings without {@code maxLength} get {@code maxStringChars} and arrays without {@code maxItems} get
 *       {@value #MAX_ITEMS}, so a step always ends (an unbounded thought would let a small model write until the
 *       token limit and leave a broken step);
 *   <li>a schema without a type (any value) becomes a string, number, boolean or null, which it allows;
 *   <li>keywords the compiler cannot enforce ({@code pattern}, {@code format}, {@code oneOf}, number bounds, ...)
 *       are dropped from the constraint (logged); the runner's {@link SchemaValidator} still checks the step.
 * </ul>
 * Every step the constraint lets through completely therefore validates, except against the dropped keywords.
 * Compiled constraints are kept per schema, so a run compiles once. Thread-safe.
 */
public final class AutomatonStepConstraints implements StepConstraints {
    private static final Logger LOG = LoggerFactory.getLogger(AutomatonStepConstraints.class);
    /** The bound the app gives strings that declare none: a thought or answer of a few sentences. */
    public static final int DEFAULT_MAX_STRING_CHARS = 300;
    /**
     * The bound for models with a small context (stories260K has 512 tokens): a step must end within the few tokens
     * each step can have, and a thought of 300 characters would be cut by the token limit and leave a broken step.
     */
    public static final int SMALL_CONTEXT_STRING_CHARS = 16;
    /** The bound given to arrays that declare none. */
    static final int MAX_ITEMS = 8;
    private static final int KEPT = 8;

    private final TokenPieces pieces;
    private final Set<Integer> stopTokens;
    private final int maxStringChars;
    private final Map<Object, TokenConstraint> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, TokenConstraint> eldest) {
            return size() > KEPT;
        }
    };

    /**
     * @param pieces the model's vocabulary
     * @param stopTokens the model's end-of-sequence and end-of-turn tokens
     * @param maxStringChars the longest string (thought, answer, argument) a step may hold unless its schema says
     */
    public AutomatonStepConstraints(TokenPieces pieces, Set<Integer> stopTokens, int maxStringChars) {
        if (maxStringChars < 1) {
            throw new IllegalArgumentException("maxStringChars must be positive, got " + maxStringChars);
        }
        this.pieces = Objects.requireNonNull(pieces, "pieces");
        this.stopTokens = Set.copyOf(stopTokens);
        this.maxStringChars = maxStringChars;
    }

    /**
     * The string bound for a model with {@code contextTokens}: {@link #DEFAULT_MAX_STRING_CHARS}, or
     * {@link #SMALL_CONTEXT_STRING_CHARS} below {@link ToolFormat#SMALL_CONTEXT_TOKENS}.
     */
    public static int maxStringChars(int contextTokens) {
        return contextTokens < ToolFormat.SMALL_CONTEXT_TOKENS ? SMALL_CONTEXT_STRING_CHARS : DEFAULT_MAX_STRING_CHARS;
    }

    /** Constraints for the vocabulary and stop tokens of a loaded model. */
    public static AutomatonStepConstraints forModel(TextGenerator model, int maxStringChars) {
        return new AutomatonStepConstraints(model.pieces(), model.stopTokens(), maxStringChars);
    }

    @Override
    public synchronized TokenConstraint forSchema(ObjectNode stepSchema) {
        return compiled.computeIfAbsent(stepSchema.deepCopy(), key -> bind(
                RegularLanguage.jsonSchema(decodable(stepSchema, maxStringChars))));
    }

    @Override
    public synchronized TokenConstraint forWrappedCalls(WrappedCalls calls) {
        return compiled.computeIfAbsent(calls, key -> {
            RegularLanguage call = RegularLanguage.literal(calls.open())
                    .then(RegularLanguage.jsonSchema(decodable(calls.callSchema(), maxStringChars)),
                            RegularLanguage.literal(calls.close()));
            // Text opens with anything but '<' (or white space, which would hide the choice) and stays bounded.
            RegularLanguage text = RegularLanguage.regex("[^<\\s][\\s\\S]{0," + (maxStringChars - 1) + "}");
            return bind(calls.textAnswer() ? RegularLanguage.anyOf(call, text) : call);
        });
    }

    private TokenConstraint bind(RegularLanguage language) {
        long start = System.nanoTime();
        AutomatonConstraint constraint = new AutomatonConstraint(language.compile(), pieces, stopTokens);
        LOG.debug("Step constraint compiled in {} ms ({} states)", (System.nanoTime() - start) / 1_000_000,
                constraint.automaton().stateCount());
        return constraint;
    }

    /** A copy of {@code schema} that the compiler accepts and that bounds every string and array (see above). */
    static ObjectNode decodable(JsonNode schema, int maxStringChars) {
        ObjectNode copy = schema.deepCopy();
        tighten(copy, maxStringChars, "");
        return copy;
    }

    private static void tighten(ObjectNode schema, int maxStringChars, String at) {
        Set<String> known = JsonSchemaCompiler.knownKeywords();
        List<String> dropped = new ArrayList<>();
        schema.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key) && !key.equals("oneOf")) {
                dropped.add(key);
            }
        });
        if (schema.has("oneOf") && !schema.has("anyOf")) {
            // anyOf allows what oneOf allows (and more); the validator catches an output that fits two branches.
            schema.set("anyOf", schema.remove("oneOf"));
        } else if (schema.has("oneOf")) {
            dropped.add("oneOf");
        }
        boolean integerOnly = schema.path("type").asText("").equals("integer");
        if (!integerOnly) {
            for (String bound : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
                if (schema.has(bound)) {
                    dropped.add(bound);
                }
            }
        }
        if (!dropped.isEmpty()) {
            schema.remove(dropped);
            LOG.info("Step constraint at {} leaves {} to the validator", at.isEmpty() ? "the top" : at, dropped);
        }
        boolean typed = schema.has("type") || schema.has("enum") || schema.has("const") || schema.has("anyOf")
                || schema.has("$ref") || schema.has("properties") || schema.has("items");
        if (!typed) {
            ArrayNode types = schema.putArray("type");
            types.add("string").add("number").add("boolean").add("null");
        }
        if (allowsType(schema, "string") && !schema.has("maxLength") && !schema.has("enum") && !schema.has("const")) {
            schema.put("maxLength", Math.max(maxStringChars, schema.path("minLength").asInt(0)));
        }
        if (allowsType(schema, "array") && !schema.has("maxItems") && !schema.has("enum") && !schema.has("const")) {
            schema.put("maxItems", Math.max(MAX_ITEMS, schema.path("minItems").asInt(0)));
        }
        for (String container : List.of("properties", "$defs", "definitions")) {
            if (schema.path(container).isObject()) {
                schema.get(container).properties().forEach(p -> {
                    if (p.getValue().isObject()) {
                        tighten((ObjectNode) p.getValue(), maxStringChars, at + "/" + container + "/" + p.getKey());
                    }
                });
            }
        }
        if (schema.path("items").isObject()) {
            tighten((ObjectNode) schema.get("items"), maxStringChars, at + "/items");
        }
        if (schema.path("additionalProperties").isObject()) {
            tighten((ObjectNode) schema.get("additionalProperties"), maxStringChars, at + "/additionalProperties");
        }
        if (schema.path("anyOf").isArray()) {
            int i = 0;
            for (JsonNode option : schema.get("anyOf")) {
                if (option.isObject()) {
                    tighten((ObjectNode) option, maxStringChars, at + "/anyOf/" + i);
                }
                i++;
            }
        }
    }

    private static boolean allowsType(ObjectNode schema, String type) {
        JsonNode declared = schema.get("type");
        if (declared == null) {
            return false;
        }
        if (declared.isArray()) {
            for (JsonNode t : declared) {
                if (t.asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return declared.asText().equals(type);
    }
}
