package dev.loupe.inference.sampling;

import dev.loupe.inference.LoupeException;

/** A sampler or generation setting is out of range; the message names the parameter. */
public class InvalidSettingsException extends LoupeException {
    public InvalidSettingsException(String message) {
        super(message);
    }
}
