package dev.loupe.inference;

/** A model folder could not be opened: missing or corrupt files, unsupported architecture, not enough memory. */
public class ModelLoadException extends LoupeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
