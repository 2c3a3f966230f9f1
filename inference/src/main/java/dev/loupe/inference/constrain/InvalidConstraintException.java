package dev.loupe.inference.constrain;

import dev.loupe.inference.LoupeException;

/**
 * A JSON Schema or regular expression cannot be used to constrain output: a keyword or construct Loupe does not
 * support, a syntax error, or a language too large to compile. The message is one sentence that names the place
 * and says what to change.
 */
public class InvalidConstraintException extends LoupeException {
    public InvalidConstraintException(String message) {
        super(message);
    }

    public InvalidConstraintException(String message, Throwable cause) {
        super(message, cause);
    }
}
