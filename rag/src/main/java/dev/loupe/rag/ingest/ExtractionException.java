package dev.loupe.rag.ingest;

import dev.loupe.rag.document.SkipKind;
import dev.loupe.inference.LoupeException;
import java.util.Objects;

/** A document could not be turned into text; the ingestor records it as skipped and goes on. */
public class ExtractionException extends LoupeException {
    private final SkipKind kind;

    public ExtractionException(SkipKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ExtractionException(SkipKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public SkipKind kind() {
        return kind;
    }
}
