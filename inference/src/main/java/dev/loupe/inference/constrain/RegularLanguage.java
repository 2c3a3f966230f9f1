package dev.loupe.inference.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A regular language over bytes built from pieces: literal text, JSON documents of a schema, matches of a regular
 * expression, one after another or as alternatives. It lets a caller constrain output that wraps JSON in markers of
 * its own, such as a chat template's {@code <tool_call>...</tool_call>}, or lets the model choose between a call
 * and free text, with one automaton. Immutable; {@link #compile()} does the work.
 */
public final class RegularLanguage {
    private final Rx rx;

    private RegularLanguage(Rx rx) {
        this.rx = rx;
    }

    /** Exactly {@code text} (its UTF-8 bytes). */
    public static RegularLanguage literal(String text) {
        return new RegularLanguage(Rx.literal(Objects.requireNonNull(text, "text")));
    }

    /**
     * The JSON texts {@link JsonSchemaCompiler} lets a model write for {@code schema}.
     *
     * @throws InvalidConstraintException when the schema cannot be used
     */
    public static RegularLanguage jsonSchema(JsonNode schema) {
        return new RegularLanguage(JsonSchemaCompiler.parse(schema));
    }

    /**
     * The strings {@code regex} matches as a whole; see {@link RegexCompiler} for the subset.
     *
     * @throws InvalidConstraintException when the expression cannot be used
     */
    public static RegularLanguage regex(String regex) {
        return new RegularLanguage(RegexCompiler.parse(regex));
    }

    /** This language followed by each of {@code next}, in order. */
    public RegularLanguage then(RegularLanguage... next) {
        Rx[] parts = new Rx[next.length + 1];
        parts[0] = rx;
        for (int i = 0; i < next.length; i++) {
            parts[i + 1] = next[i].rx;
        }
        return new RegularLanguage(Rx.seq(parts));
    }

    /** Any one of {@code options}; at least one. */
    public static RegularLanguage anyOf(RegularLanguage... options) {
        if (options.length == 0) {
            throw new IllegalArgumentException("a choice needs at least one option");
        }
        List<Rx> alternatives = Arrays.stream(options).map(o -> o.rx).toList();
        return new RegularLanguage(Rx.alt(alternatives));
    }

    /**
     * The minimal DFA of the language.
     *
     * @throws InvalidConstraintException when it exceeds {@link ByteAutomaton#MAX_STATES}
     */
    public ByteAutomaton compile() {
        return ByteAutomaton.compile(rx);
    }
}
