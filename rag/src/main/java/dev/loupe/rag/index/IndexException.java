package dev.loupe.rag.index;

import dev.loupe.inference.LoupeException;

/** The document index cannot be opened, read or written: damaged, locked by another process, or a disk error. */
public class IndexException extends LoupeException {
    public IndexException(String message) {
        super(message);
    }

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
