package dev.loupe.app.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.jlama.JlamaQuantizer;
import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.testing.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models workspace's folder over the real importer and Jlama's quantizer, on stories260K. */
class ModelFolderTest {
    @TempDir
    Path models;

    @Test
    void importThenQuantizeListsBothAndTheCopyIsQ4() {
        Path source = SharedModels.storiesSource();
        ModelFolder folder = new ModelFolder(models, JlamaQuantizer::quantizeQ4);
        Path imported = folder.importLlama2c(source.resolve("stories260K.bin"), source.resolve("tok512.bin"), "stories");
        Path quantized = folder.quantizeQ4(imported);

        assertEquals(models.resolve("stories-q4"), quantized);
        List<ModelCatalog.Entry> entries = folder.list();
        assertEquals(List.of("stories", "stories-q4"), entries.stream().map(e -> e.dir().getFileName().toString()).toList());
        assertEquals("Q4", entries.get(1).info().orElseThrow().weightDtype());
        assertEquals(models.resolve("stories-q4-2"), folder.quantizeQ4(imported), "a second copy gets a new name");
    }

    @Test
    void aTakenOrUnsafeNameIsRefusedInOneSentence() throws Exception {
        Path source = SharedModels.storiesSource();
        ModelFolder folder = new ModelFolder(models, JlamaQuantizer::quantizeQ4);
        Files.createDirectories(models.resolve("taken"));
        ModelLoadException taken = assertThrows(ModelLoadException.class,
                () -> folder.importLlama2c(source.resolve("stories260K.bin"), source.resolve("tok512.bin"), "taken"));
        assertEquals("A model named taken already exists in " + models + "; choose another name.", taken.getMessage());
        ModelLoadException unsafe = assertThrows(ModelLoadException.class,
                () -> folder.importLlama2c(source.resolve("stories260K.bin"), source.resolve("tok512.bin"), "../escape"));
        assertTrue(unsafe.getMessage().startsWith("A model name is a plain folder name"), unsafe.getMessage());
    }

    @Test
    void aFolderThatIsNotAModelSaysWhy() throws Exception {
        Path empty = Files.createDirectories(models.resolve("empty"));
        ModelFolder folder = new ModelFolder(models, JlamaQuantizer::quantizeQ4);
        assertThrows(ModelLoadException.class, () -> folder.inspect(empty));
        assertTrue(folder.list().getFirst().problem().isPresent());
    }
}
