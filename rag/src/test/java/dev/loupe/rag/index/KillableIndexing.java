package dev.loupe.rag.index;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.ForwardingEmbedder;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link KillAndResumeTest}: indexes a folder committing every {@link #COMMIT_EVERY} files, and
 * on the embedding call for file {@link #BLOCK_AT_CALL} prints {@code BLOCKED} and waits forever, so the parent
 * kills it in the middle of a run with a known committed state and uncommitted writes in the buffer. Each file
 * has two chunks and the batch is two chunks, so embedding call n is file n; the indexer writes a batch once it
 * has sent the next one, so while call n blocks, files up to n - 2 are written.
 *
 * <p>Arguments: the library folder and the documents folder.
 */
public final class KillableIndexing {
    static final int COMMIT_EVERY = 3;
    static final int BLOCK_AT_CALL = 9; // files 1-6 committed, file 7 written but not committed
    static final String COLLECTION = "killable";

    private KillableIndexing() {}

    static Embedder embedder() {
        return new HashingEmbedder(32, 200);
    }

    static CollectionSettings settings(Path docs) {
        return new CollectionSettings(COLLECTION, List.of(docs),
                new ChunkingSettings(ChunkingStrategy.RECURSIVE, 12, 0, 90), 1_000_000); // one chunk per paragraph
    }

    public static void main(String[] args) throws Exception {
        Embedder real = embedder();
        AtomicInteger calls = new AtomicInteger();
        Embedder gated = new ForwardingEmbedder(real) {
            @Override
            public List<float[]> embedDocuments(List<String> texts) {
                if (calls.incrementAndGet() == BLOCK_AT_CALL) {
                    System.out.println("BLOCKED");
                    System.out.flush();
                    try {
                        new CountDownLatch(1).await(); // until killed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.embedDocuments(texts);
            }
        };
        try (DocumentLibrary library = DocumentLibrary.open(Path.of(args[0]), gated,
                new IngestOptions(2, COMMIT_EVERY, 3_600_000))) {
            library.saveCollection(settings(Path.of(args[1])));
            System.out.println("STARTED");
            System.out.flush();
            library.index(COLLECTION, p -> System.out.println("written " + p.filesDone()), () -> false);
            System.out.println("FINISHED"); // never expected: the parent kills us first
        }
    }
}
