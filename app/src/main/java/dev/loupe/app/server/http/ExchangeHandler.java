package dev.loupe.app.server.http;

/** What the server does with each request. Called on a network thread: hand long work to another thread. */
@FunctionalInterface
public interface ExchangeHandler {
    void handle(Exchange exchange);
}
