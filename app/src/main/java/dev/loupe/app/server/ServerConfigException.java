package dev.loupe.app.server;

import dev.loupe.inference.LoupeException;

/** A server setting is invalid or unsafe; the message says which and what to do. */
public class ServerConfigException extends LoupeException {
    public ServerConfigException(String message) {
        super(message);
    }

    public ServerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
