package dev.loupe.app.server;

import dev.loupe.app.storage.run.RunLog;
import dev.loupe.inference.TextGenerator;
import dev.loupe.rag.embed.Embedder;
import java.util.Objects;
import java.util.Optional;

/**
 * The on/off switch of the API server for the desktop app: at most one server runs, started with the model the
 * app has loaded. Turning it on again (another model, another port) stops the running one first. Thread-safe;
 * {@link #start} and {@link #stop} block for up to a few seconds (binding, draining), so call them off the
 * JavaFX thread, e.g. through the app's task runner.
 *
 * <pre>
 * ApiServerSwitch api = new ApiServerSwitch(Optional.of(storage.runs()), listener);
 * ApiServer server = api.start(ServerConfig.defaults(), loadedModel); // settings switch on
 * api.stop();                                                        // switch off, or model unloaded
 * </pre>
 */
public final class ApiServerSwitch implements AutoCloseable {
    private final Optional<RunLog> runs;
    private final ServerListener listener;
    private ApiServer running;

    /**
     * @param runs where the servers record every generation request (source {@code API}), or empty
     * @param listener observes the servers' requests, e.g. for a status line
     */
    public ApiServerSwitch(Optional<RunLog> runs, ServerListener listener) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Serves {@code model} as configured, stopping a running server first. The model stays the caller's: stop the
     * server before closing it.
     *
     * @throws ServerConfigException for an unsafe configuration (the previous server is stopped all the same)
     * @throws dev.loupe.app.server.http.HttpServerException when the port cannot be bound
     */
    public synchronized ApiServer start(ServerConfig config, TextGenerator model) {
        return start(config, model, Optional.empty());
    }

    /** As {@link #start(ServerConfig, TextGenerator)}, also serving {@code embedder} on {@code /v1/embeddings}. */
    public synchronized ApiServer start(ServerConfig config, TextGenerator model, Optional<Embedder> embedder) {
        stop();
        running = ApiServer.start(config, model, embedder, runs, listener);
        return running;
    }

    /** Stops the running server, if any: its clients are disconnected and their generations cancelled. */
    public synchronized void stop() {
        if (running != null) {
            ApiServer server = running;
            running = null;
            server.close();
        }
    }

    /** The running server, if the switch is on. */
    public synchronized Optional<ApiServer> running() {
        return Optional.ofNullable(running);
    }

    @Override
    public void close() {
        stop();
    }
}
