package dev.loupe.app.server;

import dev.loupe.app.server.http.HttpLimits;
import dev.loupe.app.server.http.NettyHttpServer;
import dev.loupe.app.server.openai.ApiError;
import dev.loupe.app.server.openai.OpenAiApi;
import dev.loupe.app.storage.run.RunLog;
import dev.loupe.inference.TextGenerator;
import dev.loupe.rag.embed.Embedder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loupe's local OpenAI-compatible API server for one loaded model: {@code ./loupe serve} and the app's settings
 * switch both start it through {@link #start}. Generation requests run one at a time from a bounded queue on a
 * thread of the server's own; a client that disconnects cancels its generation.
 *
 * <pre>
 * try (ApiServer server = ApiServer.start(ServerConfig.defaults(), generator, Optional.of(storage.runs()), ServerListener.NONE)) {
 *     URI base = server.baseUri(); // http://127.0.0.1:8080/v1
 *     ...
 * }
 * </pre>
 *
 * <p>The server does not own the model: it never closes {@code generator}, and the app may keep using it (the
 * generator's own lock makes the app's generations and the server's take turns). Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** Stalled streams and idle connections are dropped after these many seconds. */
    private static final int IDLE_SECONDS = 120;
    private static final int STALLED_WRITE_SECONDS = 60;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_PIPELINED = 8;

    private final ServerConfig config;
    private final GenerationQueue queue;
    private final Optional<GenerationQueue> embeddingQueue;
    private final RunRecorder recorder;
    private final OpenAiApi api;
    private final NettyHttpServer http;
    private boolean closed;

    private ApiServer(ServerConfig config, GenerationQueue queue, Optional<GenerationQueue> embeddingQueue, RunRecorder recorder, OpenAiApi api,
                      NettyHttpServer http) {
        this.config = config;
        this.queue = queue;
        this.embeddingQueue = embeddingQueue;
        this.recorder = recorder;
        this.api = api;
        this.http = http;
    }

    /**
     * Starts serving {@code generator} as configured; returns once the port is bound.
     *
     * @param runs where every generation request is recorded (source {@code API}); empty to record nothing
     * @param listener observes requests (e.g. for a status line); {@link ServerListener#NONE} for none
     * @throws ServerConfigException for an unsafe configuration
     * @throws dev.loupe.app.server.http.HttpServerException when the address cannot be bound
     */
    public static ApiServer start(ServerConfig config, TextGenerator generator, Optional<RunLog> runs, ServerListener listener) {
        return start(config, generator, Optional.empty(), runs, listener);
    }

    /**
     * Starts serving {@code generator}, and {@code embedder} on {@code /v1/embeddings}; returns once the port is
     * bound. Neither model is closed by the server.
     *
     * @param embedder the embedding model, or empty to answer {@code /v1/embeddings} with 404
     * @param runs where every generation request is recorded (source {@code API}); empty to record nothing
     * @param listener observes requests (e.g. for a status line); {@link ServerListener#NONE} for none
     * @throws ServerConfigException for an unsafe configuration
     * @throws dev.loupe.app.server.http.HttpServerException when the address cannot be bound
     */
    public static ApiServer start(ServerConfig config, TextGenerator generator, Optional<Embedder> embedder, Optional<RunLog> runs,
                                  ServerListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(embedder, "embedder");
        GenerationQueue queue = new GenerationQueue(config.maxQueuedRequests(), "loupe-api-generation");
        Optional<GenerationQueue> embeddingQueue = embedder.map(e -> new GenerationQueue(config.maxQueuedRequests(), "loupe-api-embeddings"));
        RunRecorder recorder = new RunRecorder(runs);
        try {
            OpenAiApi api = OpenAiApi.create(generator, queue, embedder, embeddingQueue, recorder,
                    listener == null ? ServerListener.NONE : listener, config);
            HttpLimits limits = new HttpLimits(config.maxBodyBytes(), MAX_HEADER_BYTES, MAX_PIPELINED, IDLE_SECONDS, STALLED_WRITE_SECONDS);
            NettyHttpServer http = NettyHttpServer.start(new InetSocketAddress(config.host(), config.port()), limits, api, ApiError::transportBody);
            LOG.info("Serving model {} at http://{}/v1 (API key {}, CORS {}, queue {})", api.modelId(), hostPort(http.address()),
                    config.apiKey().isPresent() ? "required" : "off", config.corsOrigins().isEmpty() ? "off" : config.corsOrigins(),
                    config.maxQueuedRequests());
            return new ApiServer(config, queue, embeddingQueue, recorder, api, http);
        } catch (RuntimeException e) {
            queue.close();
            embeddingQueue.ifPresent(GenerationQueue::close);
            recorder.close();
            throw e;
        }
    }

    /** The address actually bound (with the real port when port 0 was configured). */
    public InetSocketAddress address() {
        return http.address();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080/v1}. */
    public URI baseUri() {
        return URI.create("http://" + hostPort(address()) + "/v1");
    }

    /** The model id clients pass as {@code model}: the model folder's name. */
    public String modelId() {
        return api.modelId();
    }

    public ServerConfig config() {
        return config;
    }

    /** Generation requests waiting for the model, not counting the running one. */
    public int waitingRequests() {
        return queue.waitingJobs();
    }

    /**
     * Stops the server: closes the port and every connection (which cancels running and waiting generations),
     * waits for the generation thread, and writes the runs still queued. Idempotent; blocks for at most a few
     * seconds.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        queue.close();
        embeddingQueue.ifPresent(GenerationQueue::close);
        recorder.close();
        LOG.info("API server stopped");
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
