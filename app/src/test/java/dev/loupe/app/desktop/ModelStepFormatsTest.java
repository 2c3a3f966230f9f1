package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.agents.run.AutomatonStepConstraints;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.ui.testing.ScriptedGenerator;
import org.junit.jupiter.api.Test;

/** The desktop's step formats: constrained for a real model, kept per model, free for an engine without pieces. */
class ModelStepFormatsTest {
    private final ModelStepFormats formats = new ModelStepFormats();

    @Test
    void aRealModelGetsAutomatonConstraintsKeptUntilAnotherModelIsUsed() {
        try (JlamaTextGenerator stories = JlamaTextGenerator.load(SharedModels.stories260K())) {
            StepConstraints first = formats.constraints(stories);
            assertInstanceOf(AutomatonStepConstraints.class, first);
            assertSame(first, formats.constraints(stories), "kept with what it compiled");
            assertTrue(formats.chatTemplate(stories).isEmpty(), "stories260K has no chat template");

            ScriptedGenerator scripted = new ScriptedGenerator("scripted");
            assertSame(StepConstraints.NONE, formats.constraints(scripted), "no token pieces: validated only");
            assertTrue(formats.chatTemplate(scripted).isEmpty(), "no tokenizer files on disk");
            assertInstanceOf(AutomatonStepConstraints.class, formats.constraints(stories), "built again for it");
        }
    }
}
