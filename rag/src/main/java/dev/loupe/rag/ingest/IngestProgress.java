package dev.loupe.rag.ingest;

/**
 * A snapshot of a running indexing job, reported after every written file.
 *
 * @param filesDone files handled so far (indexed, unchanged or skipped)
 * @param filesTotal files found in the collection's sources
 * @param chunks chunks embedded and written so far in this run
 * @param chunksPerSecond {@code chunks} divided by the run's elapsed wall time
 * @param currentFile the last file handled, or empty
 */
public record IngestProgress(int filesDone, int filesTotal, long chunks, double chunksPerSecond, String currentFile) {
    public IngestProgress {
        if (filesDone < 0 || filesTotal < 0 || chunks < 0) {
            throw new IllegalArgumentException("Progress counts cannot be negative");
        }
    }
}
