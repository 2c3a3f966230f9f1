package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.LoupeException;
import dev.loupe.inference.model.ModelInspector;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultModelTest {
    @TempDir
    Path home;

    /** A checkout whose sibling is the real ../shared folder. */
    private AppPaths pathsBesideShared() {
        SharedModels.storiesSource();
        return new AppPaths(home, Optional.of(SharedModels.sharedDir().resolveSibling("checkout")));
    }

    @Test
    void firstStartImportsStories260KFromSharedAndReusesItAfterwards() throws IOException {
        AppPaths paths = pathsBesideShared();
        Path model = DefaultModel.ensure(paths);
        assertEquals(paths.models().resolve("stories260K"), model);
        assertEquals(512, ModelInspector.inspect(model).vocabSize());
        long modified = Files.getLastModifiedTime(model.resolve("model.safetensors")).toMillis();
        assertEquals(model, DefaultModel.ensure(paths));
        assertEquals(modified, Files.getLastModifiedTime(model.resolve("model.safetensors")).toMillis(), "not imported twice");
    }

    @Test
    void aModelsFolderWithModelsIsLeftAlone() throws IOException {
        AppPaths paths = pathsBesideShared();
        Files.createDirectories(paths.models().resolve("my-model"));
        assertTrue(DefaultModel.importSharedIfEmpty(paths).isEmpty());
        assertTrue(Files.notExists(paths.models().resolve("stories260K")));
    }

    @Test
    void withoutSharedModelsAndNoModelTheErrorSaysWhatToDo() {
        AppPaths paths = new AppPaths(home, Optional.empty());
        var e = assertThrows(LoupeException.class, () -> DefaultModel.ensure(paths));
        assertTrue(e.getMessage().contains("import-llama2c"), e.getMessage());
    }

    @Test
    void anInstalledAppImportsItsBundledModelWithoutACheckout() {
        SharedModels.storiesSource();
        AppPaths installed = new AppPaths(home, Optional.empty(), Optional.of(SharedModels.sharedDir()));
        Path model = DefaultModel.ensure(installed);
        assertEquals(home.resolve("models").resolve("stories260K"), model);
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")), "imported into the data folder, not the installation");
    }

    @Test
    void aModelIsAvailableWhenOneIsInTheModelsFolderOrBundledToImport() throws IOException {
        assertFalse(DefaultModel.available(new AppPaths(home, Optional.empty())), "nothing to start with: the first-run screen");
        SharedModels.storiesSource();
        assertTrue(DefaultModel.available(new AppPaths(home, Optional.empty(), Optional.of(SharedModels.sharedDir()))));
        Files.createDirectories(home.resolve("models").resolve("not-a-model"));
        assertFalse(DefaultModel.available(new AppPaths(home, Optional.empty())), "a folder that is no model does not count");
        DefaultModel.ensure(new AppPaths(home.resolve("other"), Optional.empty(), Optional.of(SharedModels.sharedDir())));
        assertTrue(DefaultModel.available(new AppPaths(home.resolve("other"), Optional.empty())), "an imported model counts");
    }
}
