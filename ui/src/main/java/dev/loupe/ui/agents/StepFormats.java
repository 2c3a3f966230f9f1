package dev.loupe.ui.agents;

import dev.loupe.agents.run.StepConstraints;
import dev.loupe.inference.TextGenerator;
import java.util.Optional;

/**
 * What a run needs to know of the loaded model to have it write steps: the constraint that keeps every step valid
 * (compiling it takes about a second on a large vocabulary) and the chat template, which says whether the model
 * has a native tool-call format. Implemented by the app; both methods may block and run on the engine lane.
 */
@FunctionalInterface
public interface StepFormats {

    /** The step constraints for {@code model}; {@link StepConstraints#NONE} leaves steps free (they are validated). */
    StepConstraints constraints(TextGenerator model);

    /** The Jinja source of the model's chat template, if it has one; none by default. */
    default Optional<String> chatTemplate(TextGenerator model) {
        return Optional.empty();
    }
}
