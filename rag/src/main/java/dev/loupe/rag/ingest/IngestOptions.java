package dev.loupe.rag.ingest;

/**
 * How an indexing run batches and commits.
 *
 * @param embedBatchChunks chunks collected before the embedder is called (larger batches keep every core busy)
 * @param commitEveryFiles commit after this many written files; 0 to commit by time only
 * @param commitEveryMillis commit when this long has passed since the last commit; what a crash can lose
 */
public record IngestOptions(int embedBatchChunks, int commitEveryFiles, long commitEveryMillis) {
    public IngestOptions {
        if (embedBatchChunks < 1) {
            throw new IllegalArgumentException("The embedding batch needs at least one chunk, got " + embedBatchChunks);
        }
        if (commitEveryFiles < 0 || commitEveryMillis < 0) {
            throw new IllegalArgumentException("Commit intervals cannot be negative");
        }
    }

    /** 64-chunk batches, a commit every 10 seconds. */
    public static IngestOptions defaults() {
        return new IngestOptions(64, 0, 10_000);
    }
}
