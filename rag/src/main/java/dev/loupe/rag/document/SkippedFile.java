package dev.loupe.rag.document;

import java.util.Objects;

/**
 * A file left out of a collection, as the user sees it later.
 *
 * @param path the file's absolute path
 * @param kind the category of the problem
 * @param reason one sentence saying what is wrong and what to do about it
 */
public record SkippedFile(String path, SkipKind kind, String reason) {
    public SkippedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
