package dev.loupe.ui.engine;

import dev.loupe.inference.TextGenerator;
import java.nio.file.Path;

/** Opens a model folder as a {@link TextGenerator}; the composition root chooses the engine. Blocks; never on the UI thread. */
@FunctionalInterface
public interface ModelLoader {
    /** @throws dev.loupe.inference.ModelLoadException with one sentence naming the problem */
    TextGenerator load(Path dir);
}
