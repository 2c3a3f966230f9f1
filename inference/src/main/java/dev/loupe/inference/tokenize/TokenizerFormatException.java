package dev.loupe.inference.tokenize;

import dev.loupe.inference.LoupeException;

/** A tokenizer file could not be read or is of a kind Loupe cannot turn back into text; the message says which. */
public class TokenizerFormatException extends LoupeException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
