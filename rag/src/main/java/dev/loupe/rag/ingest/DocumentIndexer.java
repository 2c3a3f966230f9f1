package dev.loupe.rag.ingest;

import dev.loupe.rag.chunk.ChunkSpan;
import dev.loupe.rag.chunk.Chunker;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.embed.TokenSpan;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.index.IndexedChunk;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.index.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Chunks extracted documents, embeds the chunks in batches and writes each document with its file record as one
 * unit, committing between documents only, so that a crash never leaves half a document in the index.
 *
 * <p>Documents are queued in order; when the queued chunks reach the batch size the batch goes to the embedder,
 * and while it is embedded the previous batch is written and the next one is chunked, so the embedding workers
 * never wait for the index (decision 0085). {@link #finish()} writes what is left and commits.
 *
 * <p>Not thread-safe: one indexing thread owns an instance.
 */
public final class DocumentIndexer {

    /** Told after every document written. */
    @FunctionalInterface
    public interface WriteListener {
        /**
         * @param source the document's source
         * @param chunksWritten chunks written by this indexer so far
         * @param committed whether the write was followed by a commit
         */
        void written(String source, long chunksWritten, boolean committed);
    }

    private final LuceneIndex index;
    private final Embedder embedder;
    private final Chunker chunker;
    private final IngestOptions options;
    private final WriteListener listener;
    private final List<Pending> pending = new ArrayList<>();
    private int pendingChunks;
    private Batch embedding; // sent to the embedder, written when the next batch is sent or at the end
    private int filesSinceCommit;
    private long lastCommitNanos = System.nanoTime();
    private long chunksWritten;

    public DocumentIndexer(LuceneIndex index, Embedder embedder, Chunker chunker, IngestOptions options,
            WriteListener listener) {
        this.index = Objects.requireNonNull(index, "index");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Queues one document; it replaces whatever the index held for the same collection and source.
     *
     * @param record the file record to store with it; its chunk count is filled in here
     */
    public void add(FileRecord record, FileType type, ExtractedDocument document) {
        List<Passage> passages = passages(record, type, document);
        FileRecord withCount = new FileRecord(record.collection(), record.path(), record.contentHash(),
                record.sizeBytes(), record.modifiedMillis(), passages.size(), null, null);
        pending.add(new Pending(withCount, passages, false));
        pendingChunks += passages.size();
        if (pendingChunks >= options.embedBatchChunks()) {
            writePending();
        }
    }

    /** Queues a file record without chunks (a skipped file): any chunks it had are removed. */
    public void addSkipped(FileRecord record) {
        pending.add(new Pending(record, List.of(), false));
    }

    /** Queues a new record for a file whose content and chunks are unchanged. */
    public void updateRecord(FileRecord record) {
        pending.add(new Pending(record, List.of(), true));
    }

    /** Writes and commits everything queued. */
    public void finish() {
        writePending();
        Batch last = embedding;
        embedding = null;
        write(last);
        commit();
    }

    /**
     * Drops what is queued and not yet written (used when cancelled; texts being embedded are let finish, the
     * others are skipped), then commits what was written.
     *
     * @return how many queued documents with content were dropped
     */
    public int abandon() {
        List<Pending> dropped = new ArrayList<>(pending);
        if (embedding != null) {
            embedding.vectors.cancel(false);
            dropped.addAll(embedding.documents);
            embedding = null;
        }
        pending.clear();
        pendingChunks = 0;
        commit();
        return (int) dropped.stream().filter(p -> !p.recordOnly && p.record.skipKind() == null).count();
    }

    public long chunksWritten() {
        return chunksWritten;
    }

    /** Sends the queued documents to the embedder, then writes the batch sent before (embedded meanwhile). */
    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        List<String> inputs = new ArrayList<>(pendingChunks);
        EmbeddingTokenizer tokenizer = embedder.tokenizer();
        for (Pending p : pending) {
            for (Passage passage : p.passages) {
                inputs.add(embeddingInput(passage, tokenizer, embedder.maxInputTokens()));
            }
        }
        Batch sent = new Batch(List.copyOf(pending), inputs.isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : embedder.embedDocumentsAsync(inputs));
        pending.clear();
        pendingChunks = 0;
        Batch previous = embedding;
        embedding = sent;
        try {
            write(previous);
        } catch (RuntimeException e) { // the run stops here; do not leave the workers busy with the next batch
            sent.vectors.cancel(false);
            embedding = null;
            throw e;
        }
    }

    private void write(Batch batch) {
        if (batch == null) {
            return;
        }
        List<float[]> vectors = Embedder.await(batch.vectors);
        int v = 0;
        for (Pending p : batch.documents) {
            if (p.recordOnly) {
                index.putRecord(p.record);
            } else {
                List<IndexedChunk> chunks = new ArrayList<>(p.passages.size());
                for (Passage passage : p.passages) {
                    chunks.add(new IndexedChunk(passage, vectors.get(v++)));
                }
                index.putFile(p.record, chunks);
                chunksWritten += chunks.size();
            }
            filesSinceCommit++;
            boolean commit = options.commitEveryFiles() > 0 && filesSinceCommit >= options.commitEveryFiles()
                    || System.nanoTime() - lastCommitNanos >= options.commitEveryMillis() * 1_000_000L;
            if (commit) {
                commit();
            }
            listener.written(p.record.path(), chunksWritten, commit);
        }
    }

    private void commit() {
        index.commit();
        filesSinceCommit = 0;
        lastCommitNanos = System.nanoTime();
    }

    private List<Passage> passages(FileRecord record, FileType type, ExtractedDocument document) {
        List<ChunkSpan> spans = chunker.chunk(document);
        List<Passage> out = new ArrayList<>(spans.size());
        String text = document.text();
        for (int i = 0; i < spans.size(); i++) {
            ChunkSpan s = spans.get(i);
            out.add(new Passage(record.collection(), record.path(), type, document.title(),
                    document.headingPathOf(s.start(), s.end()), document.pageAt(s.start()), s.start(), s.end(), i,
                    text.substring(s.start(), s.end())));
        }
        return out;
    }

    /**
     * What the embedder sees for a passage: title and heading path as a header, then the chunk text. The chunk
     * always fits the model (the chunker saw to it); the header is cut to the tokens left over.
     */
    static String embeddingInput(Passage passage, EmbeddingTokenizer tokenizer, int maxTokens) {
        List<String> headerParts = new ArrayList<>();
        if (!passage.title().isBlank()) {
            headerParts.add(passage.title().strip());
        }
        headerParts.addAll(passage.headingPath());
        String header = String.join("\n", headerParts);
        if (header.isEmpty()) {
            return passage.text();
        }
        int budget = maxTokens - tokenizer.countTokens(passage.text()) - 1; // -1 for the line break's worth
        if (budget <= 0) {
            return passage.text();
        }
        List<TokenSpan> spans = tokenizer.tokenSpans(header);
        if (spans.size() > budget) {
            header = header.substring(0, spans.get(budget - 1).end()).strip();
        }
        return header + "\n" + passage.text();
    }

    private record Pending(FileRecord record, List<Passage> passages, boolean recordOnly) {}

    private record Batch(List<Pending> documents, CompletableFuture<List<float[]>> vectors) {}
}
