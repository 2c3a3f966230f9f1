package dev.loupe.app.server.http;

import dev.loupe.inference.LoupeException;

/** The HTTP server could not start (the address is taken or cannot be bound). */
public class HttpServerException extends LoupeException {
    public HttpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
