package dev.loupe.rag.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptIndexTest {
    @TempDir
    Path home;

    @TempDir
    Path docs;

    private final HashingEmbedder embedder = new HashingEmbedder(16, 200);

    private void buildIndex() throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.writeString(docs.resolve("f" + i + ".txt"), "Lighthouse keeper log entry " + i + ": calm seas.");
        }
        try (DocumentLibrary library = DocumentLibrary.open(home, embedder)) {
            library.saveCollection(new CollectionSettings("logs", List.of(docs),
                    new ChunkingSettings(ChunkingStrategy.RECURSIVE, 50, 0, 90), 1_000_000));
            library.index("logs", p -> {}, () -> false);
        }
    }

    /** Flips bytes in the middle of the largest file of the index: a bad sector or a half-copied backup. */
    private void damageLargestIndexFile() throws IOException {
        Path largest;
        try (Stream<Path> files = Files.list(home.resolve("lucene"))) {
            largest = files.filter(p -> !p.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            byte[] bytes = new byte[16];
            file.readFully(bytes);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
            file.seek(middle);
            file.write(bytes);
        }
    }

    @Test
    void damagedIndexIsDetectedWithAnActionableSentence() throws IOException {
        buildIndex();
        damageLargestIndexFile();
        IndexException e = assertThrows(IndexException.class, () -> DocumentLibrary.open(home, embedder));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("loupe index --rebuild"), e.getMessage());
    }

    @Test
    void missingSegmentFileIsDetected() throws IOException {
        buildIndex();
        try (Stream<Path> files = Files.list(home.resolve("lucene"))) {
            Path victim = files.filter(p -> p.getFileName().toString().endsWith(".si")).findFirst().orElseThrow();
            Files.delete(victim);
        }
        IndexException e = assertThrows(IndexException.class, () -> DocumentLibrary.open(home, embedder));
        assertTrue(e.getMessage().contains("rebuild"), e.getMessage());
    }

    @Test
    void rebuildRestoresTheIndexFromTheSources() throws IOException {
        buildIndex();
        damageLargestIndexFile();
        try (DocumentLibrary library = DocumentLibrary.rebuild(home, embedder, IngestOptions.defaults())) {
            assertEquals(0, library.index().chunkCount(SearchFilter.none()));
            library.indexAll(p -> {}, () -> false);
            assertEquals(5, library.index().chunkCount(SearchFilter.none()));
            assertEquals(5, library.searcher().search(new SearchRequest("lighthouse", 10, SearchMode.BM25,
                    SearchFilter.none(), false)).size());
        }
        try (DocumentLibrary reopened = DocumentLibrary.open(home, embedder)) {
            assertEquals(5, reopened.index().chunkCount(SearchFilter.none()));
        }
    }

    @Test
    void indexBuiltWithAnotherModelIsRefused() throws IOException {
        buildIndex();
        IndexException e = assertThrows(IndexException.class,
                () -> DocumentLibrary.open(home, new HashingEmbedder(24, 200)));
        assertTrue(e.getMessage().contains("was built with the embedding model hashing-16"), e.getMessage());
    }
}
