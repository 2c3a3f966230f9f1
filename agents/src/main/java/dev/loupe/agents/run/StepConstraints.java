package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.TokenConstraint;
import java.util.Objects;

/**
 * Turns the step schema into a {@link TokenConstraint} for the model at hand (a JSON Schema constrained decoder
 * needs the model's token pieces, so the composition root supplies it). {@link #NONE} leaves the output free;
 * the runner then validates each step after generation and reports invalid ones back to the model.
 * {@link AutomatonStepConstraints} is the one that constrains.
 */
public interface StepConstraints {
    StepConstraints NONE = schema -> TokenConstraint.NONE;

    /** The constraint for a {@link ReactFormat} step: one JSON document of {@code stepSchema}. */
    TokenConstraint forSchema(ObjectNode stepSchema);

    /**
     * The constraint for a native tool-calling step ({@link NativeToolFormat}): a call wrapped in markers, or text.
     * Implementations that cannot express it leave the output free (the default); the step is still validated.
     */
    default TokenConstraint forWrappedCalls(WrappedCalls calls) {
        return TokenConstraint.NONE;
    }

    /**
     * A step that is {@code open}, then one JSON document of {@code callSchema}, then {@code close}; or, when
     * {@code textAnswer}, plain text that does not start with {@code <}.
     */
    record WrappedCalls(String open, ObjectNode callSchema, String close, boolean textAnswer) {
        public WrappedCalls {
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(close, "close");
            callSchema = callSchema.deepCopy();
        }
    }
}
