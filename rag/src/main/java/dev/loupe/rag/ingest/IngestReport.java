package dev.loupe.rag.ingest;

import dev.loupe.rag.document.SkippedFile;
import java.util.List;

/**
 * The outcome of one indexing run of a collection.
 *
 * @param collection the collection's name
 * @param filesFound files found in the sources
 * @param filesIndexed files (re-)read, chunked and embedded in this run
 * @param filesUnchanged files left as they were (same size and time, or same content hash)
 * @param filesRemoved files that disappeared from the sources and were dropped from the index
 * @param chunksIndexed chunks written in this run
 * @param skipped every file of the collection currently skipped, with its reason (also earlier runs' ones)
 * @param cancelled whether the run stopped early; what was committed stays and the next run resumes from it
 * @param elapsedMillis wall time of the run
 */
public record IngestReport(String collection, int filesFound, int filesIndexed, int filesUnchanged, int filesRemoved,
        long chunksIndexed, List<SkippedFile> skipped, boolean cancelled, long elapsedMillis) {
    public IngestReport {
        skipped = List.copyOf(skipped);
    }

    public double chunksPerSecond() {
        return elapsedMillis == 0 ? 0 : chunksIndexed * 1000.0 / elapsedMillis;
    }
}
