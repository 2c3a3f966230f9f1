package dev.loupe.app.server.http;

/**
 * A server-sent-events response being written. Used by one thread at a time (the generation thread); events are
 * written in call order. Once the client is gone every call returns at once without writing.
 */
public interface EventStream {
    /**
     * Sends one {@code data:} event. Blocks while the client reads slower than the server writes (the socket's
     * buffers are full), so a slow reader slows the generation down instead of filling memory; returns at once
     * when the client is gone.
     *
     * @param data one line of text (JSON has no raw line breaks)
     */
    void send(String data);

    /** Ends the response (the last chunk of the chunked body). Idempotent. */
    void end();
}
