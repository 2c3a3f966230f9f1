package dev.loupe.inference;

/**
 * The one unchecked base of Loupe's own errors. Its message is a single sentence a user can act on; library
 * exceptions are kept as the cause so that details reach the log where the error is handled.
 */
public class LoupeException extends RuntimeException {
    public LoupeException(String message) {
        super(message);
    }

    public LoupeException(String message, Throwable cause) {
        super(message, cause);
    }
}
