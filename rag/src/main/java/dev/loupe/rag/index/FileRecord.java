package dev.loupe.rag.index;

import dev.loupe.rag.document.SkipKind;
import java.util.Objects;
import java.util.Optional;

/**
 * What the index remembers about one source file of a collection, committed atomically with its chunks: the
 * basis of incremental re-indexing and of the skipped-files report.
 *
 * @param collection the collection
 * @param path the file's absolute path
 * @param contentHash SHA-256 of the bytes, hex; empty when the file could not be read
 * @param sizeBytes size when last seen
 * @param modifiedMillis last-modified time when last seen, epoch milliseconds
 * @param chunkCount chunks indexed from it (0 when skipped)
 * @param skipKind why it was skipped, or null when indexed
 * @param skipReason the user-facing sentence, or null when indexed
 */
public record FileRecord(String collection, String path, String contentHash, long sizeBytes, long modifiedMillis,
        int chunkCount, SkipKind skipKind, String skipReason) {
    public FileRecord {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentHash, "contentHash");
        if ((skipKind == null) != (skipReason == null)) {
            throw new IllegalArgumentException("A skip kind and a skip reason go together");
        }
        if (chunkCount < 0 || sizeBytes < 0) {
            throw new IllegalArgumentException("Counts cannot be negative");
        }
    }

    public boolean skipped() {
        return skipKind != null;
    }

    public Optional<SkipKind> skip() {
        return Optional.ofNullable(skipKind);
    }
}
