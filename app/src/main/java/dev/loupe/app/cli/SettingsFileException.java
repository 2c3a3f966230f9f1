package dev.loupe.app.cli;

import dev.loupe.inference.LoupeException;

/** A settings file given to the CLI cannot be used; the message names the file and what to fix. */
final class SettingsFileException extends LoupeException {
    SettingsFileException(String message) {
        super(message);
    }

    SettingsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
