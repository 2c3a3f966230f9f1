package dev.loupe.app.desktop;

import dev.loupe.agents.run.AutomatonStepConstraints;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.chat.TokenizerConventions;
import dev.loupe.ui.agents.StepFormats;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop's step formats: every step constrained to the step schema ({@link AutomatonStepConstraints}, decision
 * 0055), as {@code loupe agent} does by default. The constraints of the last model are kept, and they keep what they
 * compiled per tool set, so a second run with the same tools starts at once; a model loaded later replaces them
 * (held weakly, so an unloaded model is not kept alive). Thread-safe; called on the engine lane.
 */
final class ModelStepFormats implements StepFormats {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStepFormats.class);
    private WeakReference<TextGenerator> model = new WeakReference<>(null);
    private StepConstraints constraints;
    private Optional<String> chatTemplate;

    @Override
    public synchronized StepConstraints constraints(TextGenerator generator) {
        remember(generator);
        if (constraints == null) {
            try {
                constraints = AutomatonStepConstraints.forModel(generator,
                        AutomatonStepConstraints.maxStringChars(generator.contextTokens()));
            } catch (UnsupportedOperationException noPieces) {
                // An engine without token pieces (the scripted generators of UI tests) cannot be constrained; its
                // steps are validated after generation, as with --unconstrained.
                LOG.info("{} cannot constrain its output; its agent steps are validated only", generator.info().name());
                constraints = StepConstraints.NONE;
            }
        }
        return constraints;
    }

    @Override
    public synchronized Optional<String> chatTemplate(TextGenerator generator) {
        remember(generator);
        if (chatTemplate == null) {
            Path dir = generator.info().dir();
            // A model without tokenizer files on disk (none in the app, scripted ones in tests) has no template.
            chatTemplate = dir != null && Files.isRegularFile(dir.resolve("tokenizer.json"))
                    ? TokenizerConventions.read(dir).chatTemplateSource() : Optional.empty();
        }
        return chatTemplate;
    }

    private void remember(TextGenerator generator) {
        if (model.get() != generator) {
            model = new WeakReference<>(generator);
            constraints = null;
            chatTemplate = null;
        }
    }
}
