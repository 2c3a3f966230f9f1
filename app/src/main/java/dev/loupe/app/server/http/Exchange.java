package dev.loupe.app.server.http;

import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request and its response, independent of the server library. A handler receives it on a network
 * thread and must not block there; it may answer later from any thread. Exactly one of {@link #respond} or
 * {@link #openEventStream} is called per exchange.
 */
public interface Exchange {
    String method();

    /** The request path without the query string, e.g. {@code /v1/models}. */
    String path();

    /** The first value of a request header, matched ignoring case. */
    Optional<String> header(String name);

    /** The whole request body (its size was checked against the server's limit before the handler sees it). */
    byte[] body();

    /** Sends a complete response; {@code headers} are added to the content type and length set here. */
    void respond(int status, String contentType, byte[] body, Map<String, String> headers);

    /**
     * Starts a {@code 200 text/event-stream} response whose events are sent one by one; the connection stays open
     * until {@link EventStream#end()}.
     */
    EventStream openEventStream(Map<String, String> headers);

    /**
     * Runs {@code action} once when the client goes away before the response is complete (also at once if it
     * already has). Called on a network thread: do little there.
     */
    void onClientGone(Runnable action);

    /** False once the client has closed the connection. */
    boolean isOpen();
}
