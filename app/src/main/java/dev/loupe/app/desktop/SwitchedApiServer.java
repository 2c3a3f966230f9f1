package dev.loupe.app.desktop;

import dev.loupe.app.server.ApiServer;
import dev.loupe.app.server.ApiServerSwitch;
import dev.loupe.app.server.ServerConfig;
import dev.loupe.app.server.ServerConfigException;
import dev.loupe.app.server.http.HttpServerException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.ui.settings.ApiServerControl;
import dev.loupe.ui.settings.ApiServerSettings;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Settings window's {@link ApiServerControl} over the app's {@link ApiServerSwitch}: the settings become a
 * {@link ServerConfig} with the server's default limits, the documents embedder is served on
 * {@code /v1/embeddings} when the documents library already loaded it, and a port that cannot be bound is said in
 * one sentence that names the port. Thread-safe (the switch serialises starts and stops).
 */
public final class SwitchedApiServer implements ApiServerControl, AutoCloseable {
    private final ApiServerSwitch server;
    private final Supplier<Optional<Embedder>> embedder;

    /**
     * @param server the app's one server switch
     * @param embedder the embedding model when it is loaded already (loading it only for the server would cost
     *     seconds of start time), else empty
     */
    public SwitchedApiServer(ApiServerSwitch server, Supplier<Optional<Embedder>> embedder) {
        this.server = Objects.requireNonNull(server, "server");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    @Override
    public URI start(ApiServerSettings settings, TextGenerator model) {
        ServerConfig config = ServerConfig.defaults().withHost(settings.host()).withPort(settings.port())
                .withApiKey(settings.apiKey().isEmpty() ? null : settings.apiKey())
                .withCorsOrigins(settings.cors() ? List.of("*") : List.of());
        try {
            ApiServer running = server.start(config, model, embedder.get());
            return running.baseUri();
        } catch (HttpServerException e) {
            throw new ServerConfigException("The API server cannot listen on " + settings.host() + ":" + settings.port()
                    + ": the port is in use by another program or the address is not one of this machine; choose "
                    + "another port or host.", e);
        }
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.close();
    }
}
