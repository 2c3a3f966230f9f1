package dev.loupe.app.server.http;

/** Writes the body of an error the transport answers by itself (413, 431, 400 for unreadable HTTP). */
@FunctionalInterface
public interface ErrorRenderer {
    /** A JSON body for {@code status} saying {@code message}. */
    byte[] render(int status, String message);
}
