package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.constrain.AutomatonConstraint;
import dev.loupe.inference.constrain.ByteAutomaton;
import dev.loupe.inference.constrain.JsonSchemaCompiler;
import dev.loupe.inference.constrain.RegexCompiler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The output constraints of one served model, kept for reuse: clients send the same schema with every request,
 * and both steps are worth keeping — compiling the schema to an automaton (done when the request arrives, so a
 * schema the compiler cannot use is a 400 before anything is queued) and binding it to the vocabulary (done on
 * the generation thread; the bound constraint also keeps its allowed-token sets). Thread-safe; holds the
 * {@value #CAPACITY} most recently used.
 */
final class ConstraintCache {
    static final int CAPACITY = 32;

    /** A compiled language and, once a generation needed it, its constraint for the model's vocabulary. */
    private record Compiled(ByteAutomaton language, AtomicReference<TokenConstraint> bound) {
        OutputConstraint constraint() {
            return generator -> {
                TokenConstraint ready = bound.get();
                if (ready == null) {
                    ready = new AutomatonConstraint(language, generator.pieces(), generator.stopTokens());
                    bound.compareAndSet(null, ready);
                }
                return ready;
            };
        }
    }

    private final Map<String, Compiled> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Output that validates against {@code schema}.
     *
     * @throws InvalidRequestException naming {@code field} when the compiler cannot enforce the schema
     */
    OutputConstraint jsonSchema(JsonNode schema, String field) {
        return entry("schema:" + Json.text(schema), () -> JsonSchemaCompiler.compile(schema), field).constraint();
    }

    /**
     * Output that matches {@code regex} as a whole.
     *
     * @throws InvalidRequestException naming {@code field} when the pattern cannot be used
     */
    OutputConstraint regex(String regex, String field) {
        return entry("regex:" + regex, () -> RegexCompiler.compile(regex), field).constraint();
    }

    private Compiled entry(String key, Supplier<ByteAutomaton> compile, String field) {
        synchronized (recent) {
            Compiled hit = recent.get(key);
            if (hit != null) {
                return hit;
            }
        }
        ByteAutomaton language;
        try {
            language = compile.get();
        } catch (LoupeException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
        Compiled entry = new Compiled(language, new AtomicReference<>());
        synchronized (recent) {
            Compiled raced = recent.putIfAbsent(key, entry);
            return raced != null ? raced : entry;
        }
    }
}
