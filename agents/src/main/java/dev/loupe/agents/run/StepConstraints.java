package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.TokenConstraint;

/**
 * Turns the step schema into a {@link TokenConstraint} for the model at hand (a JSON Schema constrained decoder
 * needs the model's token pieces, so the composition root supplies it). {@link #NONE} leaves the output free;
 * the runner then validates each step after generation and reports invalid ones back to the model.
 */
public interface StepConstraints {
    StepConstraints NONE = schema -> TokenConstraint.NONE;

    TokenConstraint forSchema(ObjectNode stepSchema);
}
