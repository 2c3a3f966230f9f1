package dev.loupe.ui.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.ScriptedGenerator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineViewModelTest {
    private final Map<Path, TextGenerator> models = new HashMap<>();
    private final EngineViewModel engine = new EngineViewModel(new ImmediateTaskRunner(), dir -> {
        TextGenerator model = models.get(dir);
        if (model == null) {
            throw new ModelLoadException("The folder " + dir + " has no config.json; choose a Hugging Face model folder.");
        }
        return model;
    });

    @Test
    void loadingShowsTheModelAndItsMemory() {
        ScriptedGenerator model = new ScriptedGenerator("stories-test");
        models.put(Path.of("/m/stories-test"), model);
        engine.load(Path.of("/m/stories-test"));

        assertEquals(EngineState.IDLE, engine.stateProperty().get());
        assertEquals("stories-test", engine.modelLabelProperty().get());
        // 1,040,000 weight bytes + 2 x 5 layers x 512 positions x 4 kv heads x 8 dims x 4 bytes of KV cache
        assertEquals("1.6 MiB (weights 1015.6 KiB + KV cache 640.0 KiB at 512 tokens)", engine.memoryLabelProperty().get());
        assertSame(model, engine.current().orElseThrow());
    }

    @Test
    void aBadFolderIsOneSentenceAndThePreviousModelStays() {
        ScriptedGenerator model = new ScriptedGenerator("good");
        models.put(Path.of("/m/good"), model);
        engine.load(Path.of("/m/good"));
        engine.load(Path.of("/m/empty"));

        assertEquals(EngineState.ERROR, engine.stateProperty().get());
        assertEquals("The folder /m/empty has no config.json; choose a Hugging Face model folder.", engine.errorProperty().get().message());
        assertTrue(engine.errorProperty().get().hasDetails());
        assertSame(model, engine.current().orElseThrow());
        assertFalse(model.closed());

        engine.dismissError();
        assertEquals(EngineState.IDLE, engine.stateProperty().get());
        assertNull(engine.errorProperty().get());
    }

    @Test
    void loadingAnotherModelClosesTheFirstAndUnloadClosesTheSecond() {
        ScriptedGenerator first = new ScriptedGenerator("first");
        ScriptedGenerator second = new ScriptedGenerator("second");
        models.put(Path.of("/m/first"), first);
        models.put(Path.of("/m/second"), second);
        engine.load(Path.of("/m/first"));
        engine.load(Path.of("/m/second"));
        assertTrue(first.closed());
        assertFalse(second.closed());

        engine.unload();
        assertTrue(second.closed());
        assertEquals(Optional.empty(), engine.current());
        assertEquals("No model loaded", engine.modelLabelProperty().get());
    }

    @Test
    void generationsShowLiveSpeedAndRefuseALoadMeanwhile() {
        models.put(Path.of("/m/a"), new ScriptedGenerator("a"));
        engine.load(Path.of("/m/a"));
        engine.generationStarted();
        engine.generationSpeed(812.4);
        assertEquals("Generating · 812 tok/s", engine.activityProperty().get());

        engine.load(Path.of("/m/a"));
        assertEquals("Wait for the current generation to end before loading another model.", engine.errorProperty().get().message());
        assertEquals(EngineState.GENERATING, engine.stateProperty().get());

        engine.generationCancelling();
        assertEquals(EngineState.CANCELLING, engine.stateProperty().get());
        engine.generationEnded(Optional.empty());
        assertEquals(EngineState.IDLE, engine.stateProperty().get());
        assertEquals("Idle", engine.activityProperty().get());
    }
}
