package dev.loupe.ui.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.search.Hit;
import dev.loupe.ui.task.ImmediateTaskRunner;
import dev.loupe.ui.task.TaskRunner;
import dev.loupe.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documents workspace without a display, on the real library and embedder. */
class DocumentsViewModelTest {
    private static OnnxBgeEmbedder embedder;

    @TempDir
    Path home;

    @TempDir
    Path docs;

    private DocumentLibrary library;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @BeforeAll
    static void loadEmbedder() {
        embedder = OnnxBgeEmbedder.load();
    }

    @AfterAll
    static void closeEmbedder() {
        embedder.close();
    }

    @AfterEach
    void closeLibrary() {
        if (library != null) {
            library.close();
        }
    }

    private DocumentsViewModel started() {
        DocumentsViewModel vm = new DocumentsViewModel(new ImmediateTaskRunner(), () -> {
            if (library == null) {
                library = DocumentLibrary.open(home, embedder);
            }
            return library;
        }, dialogs);
        vm.start();
        return vm;
    }

    @Test
    void aNewCollectionIsIndexedWithItsSkippedFilesAndReasons() throws Exception {
        Files.writeString(docs.resolve("ships.md"), "# Lighthouses\n\nLighthouses guide ships past the rocks at night.");
        Files.write(docs.resolve("blob.txt"), new byte[] {0, 1, 2, 3});
        DocumentsViewModel vm = started();
        assertEquals(DocumentsState.IDLE, vm.stateProperty().get());
        assertTrue(vm.collections().isEmpty());

        dialogs.files.add(docs);
        dialogs.texts.add("coast");
        vm.createCollection();

        assertEquals(DocumentsState.IDLE, vm.stateProperty().get());
        assertNull(vm.errorProperty().get());
        assertEquals(List.of("coast"), vm.collections().stream().map(c -> c.name()).toList());
        assertEquals("coast", vm.selectedProperty().get().name());
        assertEquals(1, vm.lastReportProperty().get().filesIndexed());
        assertEquals(2, vm.progressProperty().get().filesTotal());
        FileRecord skipped = vm.files().stream().filter(FileRecord::skipped).findFirst().orElseThrow();
        assertTrue(skipped.path().endsWith("blob.txt"));
        assertTrue(skipped.skipReason().contains("binary"), skipped.skipReason());
        assertEquals(1, vm.files().stream().filter(f -> !f.skipped()).count());
    }

    @Test
    void searchShowsHighlightedHitsWithEachRetrieversScore() throws Exception {
        Files.writeString(docs.resolve("ships.md"), "# Lighthouses\n\nLighthouses guide ships past the rocks at night.");
        Files.writeString(docs.resolve("bread.txt"), "Knead the dough and let it rise before baking.");
        DocumentsViewModel vm = started();
        vm.createCollection("coast", docs);

        vm.search("lighthouses and ships");

        assertEquals(DocumentsState.IDLE, vm.stateProperty().get());
        Hit best = vm.hits().getFirst();
        assertTrue(best.passage().source().endsWith("ships.md"));
        assertTrue(best.bm25().isPresent() && best.dense().isPresent(), best.toString());
        assertFalse(best.highlights().isEmpty());
        vm.search("  ");
        assertTrue(vm.hits().isEmpty());
    }

    @Test
    void cancelBeforeTheFirstFileLeavesTheRunCancelledWithNothingIndexed() throws Exception {
        Files.writeString(docs.resolve("a.txt"), "Tides rise and fall twice a day.");
        // Indexing work waits until the test lets it run, as it would wait on its lane behind the UI thread.
        List<Runnable> indexing = new ArrayList<>();
        ImmediateTaskRunner immediate = new ImmediateTaskRunner();
        TaskRunner runner = new TaskRunner() {
            @Override
            public <T> void submit(Lane lane, Callable<T> work, Consumer<? super T> onSuccess,
                    Consumer<? super Throwable> onFailure) {
                if (lane == Lane.FILES) {
                    indexing.add(() -> immediate.submit(lane, work, onSuccess, onFailure));
                } else {
                    immediate.submit(lane, work, onSuccess, onFailure);
                }
            }

            @Override
            public void onUi(Runnable action) {
                action.run();
            }
        };
        DocumentsViewModel vm = new DocumentsViewModel(runner, () -> {
            if (library == null) {
                library = DocumentLibrary.open(home, embedder);
            }
            return library;
        }, dialogs);
        vm.start();
        vm.createCollection("tides", docs);
        assertEquals(DocumentsState.INDEXING, vm.stateProperty().get());

        vm.cancel();
        assertEquals(DocumentsState.CANCELLING, vm.stateProperty().get());
        indexing.forEach(Runnable::run);

        assertTrue(vm.lastReportProperty().get().cancelled());
        assertEquals(0, vm.lastReportProperty().get().filesIndexed());
        assertEquals(DocumentsState.IDLE, vm.stateProperty().get());
    }

    @Test
    void removingTheLastFolderIsRefusedInOneSentence() throws Exception {
        Files.writeString(docs.resolve("a.txt"), "Harbours shelter boats.");
        DocumentsViewModel vm = started();
        vm.createCollection("one", docs);

        vm.removeFolder(docs);

        assertNotNull(vm.errorProperty().get());
        assertEquals(List.of(docs), vm.selectedProperty().get().sources());
    }
}
