package dev.loupe.agents.tool;

import dev.loupe.inference.LoupeException;

/**
 * A tool could not do what it was asked. The agent runner turns it into an observation for the model, so the
 * message is one sentence the model (and the user reading the trace) can act on.
 */
public class ToolException extends LoupeException {
    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
