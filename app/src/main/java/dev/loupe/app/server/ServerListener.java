package dev.loupe.app.server;

/**
 * Observes the API server's generation requests, e.g. for a status line in the app. Called on the server's
 * threads (network or generation): return quickly and never block.
 */
public interface ServerListener {
    ServerListener NONE = new ServerListener() {};

    /** A generation request was accepted; {@code ahead} requests are running or waiting before it. */
    default void onQueued(String requestId, int ahead) {}

    /** A generation request was answered, whatever the outcome (see {@link CompletedRequest}). */
    default void onCompleted(CompletedRequest request) {}
}
