package dev.loupe.rag.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.CountingEmbedder;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HydeRetrieverTest {
    @TempDir
    Path home;

    @TempDir
    Path docs;

    @Test
    void retrievesWithTheEmbeddingOfTheDraftedAnswer() throws Exception {
        Files.writeString(docs.resolve("a.txt"), "Photosynthesis turns sunlight, water and carbon dioxide into sugar.");
        Files.writeString(docs.resolve("b.txt"), "The violin has four strings tuned in fifths.");
        CountingEmbedder embedder = new CountingEmbedder(new HashingEmbedder(64, 200));
        try (DocumentLibrary library = DocumentLibrary.open(home, embedder, IngestOptions.defaults())) {
            library.saveCollection(new CollectionSettings("c", List.of(docs),
                    new ChunkingSettings(ChunkingStrategy.RECURSIVE, 100, 0, 90), 1_000_000));
            library.indexAll(p -> {}, () -> false);
            embedder.reset();
            List<String> asked = new ArrayList<>();
            HydeRetriever hyde = new HydeRetriever(library.searcher(), question -> {
                asked.add(question);
                return "Plants use sunlight to make sugar from carbon dioxide and water.";
            });
            // The question shares no word with the right passage; the draft does.
            List<Hit> hits = hyde.search(new SearchRequest("How do leaves feed a tree?", 1, SearchMode.DENSE,
                    SearchFilter.none(), false));
            assertEquals(List.of("How do leaves feed a tree?"), asked);
            assertTrue(hits.getFirst().passage().text().startsWith("Photosynthesis"));
            assertEquals(List.of("Plants use sunlight to make sugar from carbon dioxide and water."),
                    embedder.embedded());
            assertEquals(0, embedder.queries(), "HyDE must not embed the question itself");
        }
    }

    @Test
    void blankDraftFallsBackToTheQuestion() throws Exception {
        Files.writeString(docs.resolve("a.txt"), "Bees make honey.");
        CountingEmbedder embedder = new CountingEmbedder(new HashingEmbedder(64, 200));
        try (DocumentLibrary library = DocumentLibrary.open(home, embedder, IngestOptions.defaults())) {
            library.saveCollection(new CollectionSettings("c", List.of(docs),
                    new ChunkingSettings(ChunkingStrategy.RECURSIVE, 100, 0, 90), 1_000_000));
            library.indexAll(p -> {}, () -> false);
            List<Hit> hits = new HydeRetriever(library.searcher(), q -> "  ").search(
                    new SearchRequest("honey bees", 1, SearchMode.HYBRID, SearchFilter.none(), false));
            assertEquals(1, embedder.queries());
            assertTrue(hits.getFirst().passage().text().contains("honey"));
        }
    }
}
