package dev.loupe.ui.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelsViewModelTest {
    private final ScriptedGenerator good = new ScriptedGenerator("good");
    private final ImmediateTaskRunner runner = new ImmediateTaskRunner();
    private final EngineViewModel engine = new EngineViewModel(runner, dir -> {
        if (!dir.equals(good.info().dir())) {
            throw new ModelLoadException("The folder " + dir + " is not a model.");
        }
        return good;
    });
    private final List<String> calls = new ArrayList<>();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    private final ModelLibrary library = new ModelLibrary() {
        @Override
        public Path folder() {
            return Path.of("/models");
        }

        @Override
        public List<ModelCatalog.Entry> list() {
            calls.add("list");
            return List.of(new ModelCatalog.Entry(good.info().dir(), Optional.of(good.info()), Optional.empty()),
                    new ModelCatalog.Entry(Path.of("/models/broken"), Optional.empty(),
                            Optional.of("The folder /models/broken has no config.json.")));
        }

        @Override
        public ModelInfo inspect(Path dir) {
            if (!dir.equals(good.info().dir())) {
                throw new ModelLoadException("The folder " + dir + " has no tokenizer.json; it is not a Hugging Face model folder.");
            }
            return good.info();
        }

        @Override
        public Path importLlama2c(Path checkpoint, Path tokenizer, String name) {
            calls.add("import " + checkpoint.getFileName() + " " + tokenizer.getFileName() + " " + name);
            return Path.of("/models", name);
        }

        @Override
        public Path quantizeQ4(Path source) {
            calls.add("quantize " + source.getFileName());
            throw new ModelLoadException("Quantizing " + source.getFileName() + " failed: disk full.");
        }
    };
    private final ModelsViewModel models = new ModelsViewModel(runner, library, engine, dialogs, Clock.systemUTC());

    @Test
    void listsUsableAndBrokenFoldersAndMarksTheLoadedOne() {
        models.refresh();
        assertEquals(2, models.rows().size());
        assertFalse(models.rows().get(0).loaded());
        assertEquals(Optional.of("The folder /models/broken has no config.json."), models.rows().get(1).problem());

        models.load(models.rows().get(0));
        assertTrue(models.rows().get(0).loaded());
        assertEquals("good", engine.modelLabelProperty().get());
    }

    @Test
    void aBrokenFolderSaysWhyInsteadOfLoading() {
        models.refresh();
        models.load(models.rows().get(1));
        assertEquals("The folder /models/broken has no config.json.", models.errorProperty().get().message());
        assertEquals(EngineState.IDLE, engine.stateProperty().get());
    }

    @Test
    void openingAFolderThatIsNotAModelIsOneSentence() {
        dialogs.files.add(Path.of("/tmp/photos"));
        models.openFolder();
        assertEquals("The folder /tmp/photos has no tokenizer.json; it is not a Hugging Face model folder.",
                models.errorProperty().get().message());
        assertEquals(EngineState.ERROR, models.stateProperty().get());
    }

    @Test
    void importAsksForBothFilesAndANameThenListsAgain() {
        dialogs.files.add(Path.of("/dl/stories15M.bin"));
        dialogs.files.add(Path.of("/dl/tokenizer.bin"));
        dialogs.texts.add("stories15M");
        models.importLlama2c();
        assertEquals(List.of("import stories15M.bin tokenizer.bin stories15M", "list"), calls);
        assertEquals(EngineState.IDLE, models.stateProperty().get());
        assertEquals("", models.taskProperty().get());
    }

    @Test
    void aFailedQuantizationIsReportedAndTheTaskEnds() {
        models.refresh();
        models.quantize(models.rows().get(0));
        assertEquals("Quantizing good failed: disk full.", models.errorProperty().get().message());
        assertEquals("", models.taskProperty().get());
    }
}
