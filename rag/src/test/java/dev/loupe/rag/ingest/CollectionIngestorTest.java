package dev.loupe.rag.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.CountingEmbedder;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.document.SkipKind;
import dev.loupe.rag.document.SkippedFile;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionIngestorTest {
    @TempDir
    Path home;

    @TempDir
    Path docs;

    private final CountingEmbedder embedder = new CountingEmbedder(new HashingEmbedder(32, 200));

    private DocumentLibrary open() {
        return DocumentLibrary.open(home, embedder, new IngestOptions(8, 0, 60_000));
    }

    private static CollectionSettings settings(String name, Path... sources) {
        return new CollectionSettings(name, List.of(sources),
                new ChunkingSettings(ChunkingStrategy.RECURSIVE, 60, 0, 90), 10_000);
    }

    private IngestReport index(DocumentLibrary library, String name) {
        return library.index(name, p -> {}, () -> false);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<Hit> bm25(DocumentLibrary library, String query) {
        return library.searcher().search(new SearchRequest(query, 10, SearchMode.BM25, SearchFilter.none(), true));
    }

    @Test
    void reindexingSkipsUnchangedFilesReplacesChangedOnesAndRemovesDeletedOnes() throws IOException {
        write(docs.resolve("a.txt"), "Apples grow on trees in the orchard.");
        write(docs.resolve("sub/b.md"), "# Bananas\n\nBananas grow in bunches.");
        write(docs.resolve("c.txt"), "Cherries are small and red.");
        try (DocumentLibrary library = open()) {
            library.saveCollection(settings("fruit", docs));
            IngestReport first = index(library, "fruit");
            assertEquals(3, first.filesIndexed());
            assertEquals(3, embedder.embedded().size());

            embedder.reset();
            IngestReport again = index(library, "fruit");
            assertEquals(0, again.filesIndexed());
            assertEquals(3, again.filesUnchanged());
            assertTrue(embedder.embedded().isEmpty(), "unchanged files were embedded again");

            // Same bytes, new modification time: read and hashed, but not re-embedded.
            Files.setLastModifiedTime(docs.resolve("c.txt"), FileTime.fromMillis(1_000_000));
            write(docs.resolve("a.txt"), "Apricots replaced the apples in the orchard.");
            Files.delete(docs.resolve("sub/b.md"));
            embedder.reset();
            IngestReport third = index(library, "fruit");
            assertEquals(1, third.filesIndexed());
            assertEquals(1, third.filesRemoved());
            assertEquals(1, third.filesUnchanged());
            assertEquals(1, embedder.embedded().size());
            assertTrue(embedder.embedded().getFirst().contains("Apricots"));

            assertTrue(bm25(library, "apples apricots").stream()
                    .allMatch(h -> h.passage().text().contains("Apricots")), "the old version is still indexed");
            assertTrue(bm25(library, "bananas").isEmpty(), "the deleted file is still indexed");
            assertEquals(2, library.index().chunkCount(SearchFilter.collection("fruit")));
            assertEquals(1_000_000, library.files("fruit").stream()
                    .filter(r -> r.path().endsWith("c.txt")).findFirst().orElseThrow().modifiedMillis());
        }
    }

    @Test
    void badFilesAreSkippedWithReasonsThatSurviveAReopen() throws Exception {
        write(docs.resolve("good.txt"), "A perfectly good note about lighthouses.");
        Files.write(docs.resolve("big.txt"), "x ".repeat(6_000).getBytes());
        Files.write(docs.resolve("binary.txt"), new byte[] {1, 2, 0, 0, 5, 6, 7, 0});
        Files.write(docs.resolve("empty.md"), new byte[0]);
        Files.write(docs.resolve("corrupt.pdf"), "%PDF-1.7 this is not really a pdf".getBytes());
        Files.write(docs.resolve("locked.pdf"), TestDocuments.pdf("L", List.of(List.of("secret")), "pw"));
        Files.write(docs.resolve("broken.docx"), "PK not a real zip".getBytes());
        Files.createSymbolicLink(docs.resolve("dangling.txt"), docs.resolve("gone.txt"));
        write(docs.resolve("last.txt"), "Another good note, about harbours.");
        Path ignored = docs.resolve("photo.png");
        Files.write(ignored, new byte[] {1, 2, 3});

        try (DocumentLibrary library = open()) {
            library.saveCollection(settings("mixed", docs, docs.resolve("photo.png"), docs.resolve("missing")));
            IngestReport report = index(library, "mixed");
            assertEquals(2, report.filesIndexed(), "good files must be indexed despite the bad ones");
            Map<String, SkipKind> kinds = kinds(report.skipped());
            assertEquals(SkipKind.TOO_LARGE, kinds.get("big.txt"));
            assertEquals(SkipKind.BINARY, kinds.get("binary.txt"));
            assertEquals(SkipKind.EMPTY, kinds.get("empty.md"));
            assertEquals(SkipKind.CORRUPT, kinds.get("corrupt.pdf"));
            assertEquals(SkipKind.ENCRYPTED, kinds.get("locked.pdf"));
            assertEquals(SkipKind.CORRUPT, kinds.get("broken.docx"));
            assertEquals(SkipKind.UNREADABLE, kinds.get("dangling.txt"));
            assertEquals(SkipKind.UNSUPPORTED, kinds.get("photo.png"));
            assertEquals(SkipKind.UNREADABLE, kinds.get("missing"));
            assertEquals(9, kinds.size(), kinds.toString());
            for (SkippedFile s : report.skipped()) {
                assertTrue(s.reason().endsWith("."), "reasons are sentences: " + s.reason());
                assertFalse(s.reason().contains("Exception"), "reasons are for users: " + s.reason());
            }
            assertTrue(report.skipped().stream().filter(s -> s.path().endsWith("big.txt")).findFirst().orElseThrow()
                    .reason().contains("over this collection's limit"));
        }
        try (DocumentLibrary reopened = open()) {
            assertEquals(9, reopened.skipped("mixed").size(), "skip reasons were not persisted");
            embedder.reset();
            IngestReport again = index(reopened, "mixed");
            assertEquals(0, again.filesIndexed());
            assertTrue(embedder.embedded().isEmpty());
            assertEquals(9, again.skipped().size());
        }
    }

    @Test
    void cancellationKeepsWhatWasCommittedAndTheNextRunFinishes() throws IOException {
        for (int i = 0; i < 12; i++) {
            write(docs.resolve("n" + (i < 10 ? "0" : "") + i + ".txt"), "Note number " + i + " about boats.");
        }
        List<IngestProgress> seen = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        try (DocumentLibrary library = DocumentLibrary.open(home, embedder, new IngestOptions(1, 1, 60_000))) {
            library.saveCollection(settings("boats", docs));
            IngestReport partial = library.index("boats", seen::add, () -> polls.incrementAndGet() > 5);
            assertTrue(partial.cancelled());
            assertTrue(partial.filesIndexed() < 12);
            int committed = library.files("boats").size();
            assertTrue(committed >= 1 && committed < 12, "committed " + committed);
            assertEquals(committed, partial.filesIndexed(), "the report counts the files actually written");
            assertFalse(seen.isEmpty());
            IngestProgress last = seen.getLast();
            assertEquals(12, last.filesTotal());
            assertTrue(last.chunks() >= 1 && last.chunksPerSecond() > 0);

            embedder.reset();
            IngestReport rest = index(library, "boats");
            assertFalse(rest.cancelled());
            assertEquals(12 - committed, rest.filesIndexed());
            assertEquals(committed, rest.filesUnchanged());
            assertEquals(12 - committed, embedder.embedded().size());
            assertEquals(12, library.index().chunkCount(SearchFilter.collection("boats")));
        }
    }

    @Test
    void cancellingBeforeABatchIsEmbeddedWritesNothingOfIt() throws IOException {
        for (int i = 0; i < 6; i++) {
            write(docs.resolve("n" + i + ".txt"), "Note number " + i + " about trains.");
        }
        AtomicInteger polls = new AtomicInteger();
        try (DocumentLibrary library = DocumentLibrary.open(home, embedder, new IngestOptions(100, 0, 60_000))) {
            library.saveCollection(settings("trains", docs));
            IngestReport partial = library.index("trains", p -> {}, () -> polls.incrementAndGet() > 3);
            assertTrue(partial.cancelled());
            assertEquals(0, partial.filesIndexed(), "three files were queued, none written");
            assertTrue(embedder.embedded().isEmpty());
            assertTrue(library.files("trains").isEmpty());
            assertEquals(6, index(library, "trains").filesIndexed());
        }
    }

    @Test
    void changingTheChunkingReembedsEverything() throws IOException {
        write(docs.resolve("a.txt"), "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.");
        try (DocumentLibrary library = open()) {
            library.saveCollection(settings("c", docs));
            index(library, "c");
            embedder.reset();
            library.saveCollection(new CollectionSettings("c", List.of(docs),
                    new ChunkingSettings(ChunkingStrategy.FIXED, 8, 2, 90), 10_000));
            IngestReport report = index(library, "c");
            assertEquals(1, report.filesIndexed());
            assertTrue(embedder.embedded().size() > 1, "fixed 8-token windows should give several chunks");
        }
    }

    @Test
    void raisingTheSizeLimitIndexesAFileSkippedAsTooLarge() throws IOException {
        write(docs.resolve("long.txt"), "A long report about tides. ".repeat(400));
        try (DocumentLibrary library = open()) {
            library.saveCollection(settings("limits", docs));
            assertEquals(SkipKind.TOO_LARGE, index(library, "limits").skipped().getFirst().kind());
            library.saveCollection(new CollectionSettings("limits", List.of(docs),
                    settings("limits", docs).chunking(), 1_000_000));
            IngestReport report = index(library, "limits");
            assertEquals(1, report.filesIndexed());
            assertTrue(report.skipped().isEmpty());
        }
    }

    @Test
    void collectionsAreRememberedAcrossReopens() throws IOException {
        write(docs.resolve("a.txt"), "text");
        try (DocumentLibrary library = open()) {
            library.saveCollection(settings("kept", docs));
        }
        try (DocumentLibrary library = open()) {
            CollectionSettings kept = library.collection("kept").orElseThrow();
            assertEquals(List.of(docs.toAbsolutePath().normalize()), kept.sources());
            assertEquals(ChunkingStrategy.RECURSIVE, kept.chunking().strategy());
            assertEquals(10_000, kept.maxFileBytes());
        }
    }

    private static Map<String, SkipKind> kinds(List<SkippedFile> skipped) {
        return skipped.stream().collect(Collectors.toMap(s -> Path.of(s.path()).getFileName().toString(),
                SkippedFile::kind, (a, b) -> a));
    }

}
