package dev.loupe.rag.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.ForwardingEmbedder;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.embed.EmbeddingException;
import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.index.SearchFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentIndexerTest {
    private final EmbeddingTokenizer tokenizer = new HashingEmbedder(8, 20).tokenizer();

    private static Passage passage(String title, List<String> headings, String text) {
        return new Passage("c", "/f.txt", FileType.TEXT, title, headings, 0, 0, text.length(), 0, text);
    }

    @Test
    void embeddingInputPrefixesTitleAndHeadingsWhenTheyFit() {
        String input = DocumentIndexer.embeddingInput(passage("Guide", List.of("Install", "Linux"), "Run it."),
                tokenizer, 20);
        assertEquals("Guide\nInstall\nLinux\nRun it.", input);
    }

    @Test
    void embeddingInputCutsTheHeaderNeverTheChunk() {
        String text = "one two three four five six seven eight nine ten eleven twelve";
        String input = DocumentIndexer.embeddingInput(passage("A very long title with many words", List.of(), text),
                tokenizer, 16);
        assertTrue(input.endsWith("\n" + text), input);
        assertTrue(tokenizer.countTokens(input) <= 16, input);
        assertTrue(input.startsWith("A very"), input);
        assertEquals(text, DocumentIndexer.embeddingInput(passage("Title", List.of(), text), tokenizer, 12));
    }

    @TempDir
    Path home;

    @Test
    void theNextBatchGoesToTheEmbedderBeforeThePreviousOneIsWritten() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        HashingEmbedder hashing = new HashingEmbedder(8, 20);
        Embedder embedder = new AsyncEmbedder(hashing, texts -> {
            events.add("embed " + texts);
            return CompletableFuture.completedFuture(hashing.embedDocuments(texts));
        });
        try (LuceneIndex index = LuceneIndex.open(home.resolve("index"), embedder.modelId(), 8)) {
            DocumentIndexer indexer = indexer(index, embedder, (source, chunks, committed) -> events.add("write "
                    + source));
            addFirst(indexer, 5);
            indexer.finish();
            assertEquals(List.of("embed [one, two]", "embed [three, four]", "write /1.txt", "write /2.txt",
                    "embed [five]", "write /3.txt", "write /4.txt", "write /5.txt"), events);
            index.refresh();
            assertEquals(5, index.chunkCount(SearchFilter.collection("c")));
        }
    }

    @Test
    void abandoningCancelsTheBatchBeingEmbeddedAndWritesNothingOfIt() {
        List<CompletableFuture<List<float[]>>> sent = new ArrayList<>();
        Embedder embedder = answering(sent, batch -> new CompletableFuture<>());
        try (LuceneIndex index = LuceneIndex.open(home.resolve("index"), embedder.modelId(), 8)) {
            DocumentIndexer indexer = indexer(index, embedder, (source, chunks, committed) -> {});
            addFirst(indexer, 3);
            assertEquals(1, sent.size());
            assertEquals(3, indexer.abandon(), "two documents in the embedder, one queued");
            assertTrue(sent.getFirst().isCancelled());
            index.refresh();
            assertEquals(0, index.chunkCount(SearchFilter.collection("c")));
        }
    }

    @Test
    void aFailedBatchStopsTheRunWithTheModelsReasonAndCancelsTheNextOne() {
        List<CompletableFuture<List<float[]>>> sent = new ArrayList<>();
        Embedder embedder = answering(sent, batch -> batch == 0
                ? CompletableFuture.failedFuture(new EmbeddingException("The model ran out of memory."))
                : new CompletableFuture<>());
        try (LuceneIndex index = LuceneIndex.open(home.resolve("index"), embedder.modelId(), 8)) {
            DocumentIndexer indexer = indexer(index, embedder, (source, chunks, committed) -> {});
            addFirst(indexer, 3);
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> add(indexer, 4));
            assertEquals("The model ran out of memory.", failure.getMessage());
            assertTrue(sent.get(1).isCancelled(), "the workers do not go on with the next batch");
        }
    }

    private static DocumentIndexer indexer(LuceneIndex index, Embedder embedder,
            DocumentIndexer.WriteListener listener) {
        return new DocumentIndexer(index, embedder,
                new ChunkingSettings(ChunkingStrategy.FIXED, 16, 0, 90).newChunker(embedder),
                new IngestOptions(2, 0, 60_000), listener);
    }

    /** Answers batch n (from 0) with {@code answer(n)} and keeps every answer in {@code sent}. */
    private static Embedder answering(List<CompletableFuture<List<float[]>>> sent,
            IntFunction<CompletableFuture<List<float[]>>> answer) {
        return new AsyncEmbedder(new HashingEmbedder(8, 20), texts -> {
            CompletableFuture<List<float[]>> vectors = answer.apply(sent.size());
            sent.add(vectors);
            return vectors;
        });
    }

    /** Adds documents 1 to {@code n}, one chunk each. */
    private static void addFirst(DocumentIndexer indexer, int n) {
        for (int i = 1; i <= n; i++) {
            add(indexer, i);
        }
    }

    private static void add(DocumentIndexer indexer, int n) {
        String text = List.of("one", "two", "three", "four", "five").get(n - 1);
        indexer.add(new FileRecord("c", "/" + n + ".txt", "hash" + n, text.length(), 0, 0, null, null),
                FileType.TEXT, ExtractedDocument.plain("", text));
    }

    /** Hands each batch to {@code async} instead of computing it in the call. */
    private static final class AsyncEmbedder extends ForwardingEmbedder {
        private final Function<List<String>, CompletableFuture<List<float[]>>> async;

        AsyncEmbedder(Embedder delegate, Function<List<String>, CompletableFuture<List<float[]>>> async) {
            super(delegate);
            this.async = async;
        }

        @Override
        public List<float[]> embedDocuments(List<String> texts) {
            return Embedder.await(embedDocumentsAsync(texts));
        }

        @Override
        public CompletableFuture<List<float[]>> embedDocumentsAsync(List<String> texts) {
            return async.apply(List.copyOf(texts));
        }
    }
}
