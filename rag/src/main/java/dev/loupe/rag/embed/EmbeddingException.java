package dev.loupe.rag.embed;

import dev.loupe.inference.LoupeException;

/** The embedding model could not be loaded or failed on an input. */
public class EmbeddingException extends LoupeException {
    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
