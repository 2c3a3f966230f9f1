package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.app.server.CompletedRequest;
import dev.loupe.app.server.GenerationQueue;
import dev.loupe.app.server.RunRecorder;
import dev.loupe.app.server.ServerConfig;
import dev.loupe.app.server.ServerListener;
import dev.loupe.app.server.http.Exchange;
import dev.loupe.app.server.http.ExchangeHandler;
import dev.loupe.inference.TextGenerator;
import dev.loupe.rag.embed.Embedder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The OpenAI-compatible routes, independent of the HTTP library: checks where a request is addressed, where it
 * comes from and its key, then lists models or queues a generation. Runs on network threads and never blocks
 * them: generations run on the model's {@link GenerationQueue}. Thread-safe.
 *
 * <p>Security, in order: requests to a loopback-bound server must be addressed to a loopback name (defeats DNS
 * rebinding); a browser {@code Origin} must be one the config allows (no CORS unless enabled); the API key, when
 * set, must match ({@code Authorization: Bearer}); POST bodies must be JSON (a cross-site form cannot send that
 * without a preflight).
 */
public final class OpenAiApi implements ExchangeHandler {
    private final ServedModel model;
    private final ServerConfig config;
    private final boolean loopbackOnly;
    private final ChatCompletions chat;
    private final TextCompletions text;
    private final long createdSeconds;
    private final byte[] keyBytes;
    private final Optional<Embeddings> embeddings;

    private OpenAiApi(ServedModel model, Optional<Embeddings> embeddings, ServerConfig config) {
        this.model = model;
        this.embeddings = embeddings;
        this.config = config;
        this.loopbackOnly = ServerConfig.isLoopback(config.host());
        Logprobs logprobs = new Logprobs(model.generator());
        this.chat = new ChatCompletions(logprobs, model.id(), model.fingerprint());
        this.text = new TextCompletions(logprobs, model.id(), model.fingerprint());
        this.createdSeconds = modelCreated(model.generator());
        this.keyBytes = config.apiKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /**
     * The routes for one model.
     *
     * @param generator the loaded model; its folder name is the model id clients use
     * @param queue runs generations one at a time
     * @param embedder the embedding model behind {@code /v1/embeddings}, with its own queue; empty for none
     * @param runs where every generation request is recorded
     */
    public static OpenAiApi create(TextGenerator generator, GenerationQueue queue, Optional<Embedder> embedder, Optional<GenerationQueue> embeddingQueue,
                                   RunRecorder runs, ServerListener listener, ServerConfig config) {
        Optional<Embeddings> embeddings = embedder.map(e -> new Embeddings(e, embeddingQueue.orElseThrow(
                () -> new IllegalArgumentException("an embedder needs a queue"))));
        return new OpenAiApi(new ServedModel(generator.info().name(), generator, queue, runs, listener, config.logPrompts(), new ConstraintCache()),
                embeddings, config);
    }

    /** The id clients name the generation model by. */
    public String modelId() {
        return model.id();
    }

    @Override
    public void handle(Exchange exchange) {
        Map<String, String> cors = new LinkedHashMap<>();
        try {
            checkHost(exchange);
            Optional<String> origin = exchange.header("Origin");
            if (origin.isPresent()) {
                checkOrigin(origin.get());
                cors.put("Access-Control-Allow-Origin", origin.get());
                cors.put("Vary", "Origin");
                cors.put("Access-Control-Expose-Headers", "X-Request-Id, X-Loupe-Seed, Retry-After");
                if (exchange.method().equals("OPTIONS")) {
                    preflight(exchange, cors);
                    return;
                }
            }
            checkKey(exchange);
            route(exchange, cors);
        } catch (ApiException e) {
            Map<String, String> headers = new LinkedHashMap<>(cors);
            headers.putAll(e.headers());
            exchange.respond(e.error().status(), "application/json", Json.bytes(e.error().toJson()), headers);
        }
    }

    private void route(Exchange exchange, Map<String, String> cors) {
        String path = exchange.path();
        String method = exchange.method();
        switch (path) {
            case "/v1/models" -> {
                requireMethod(exchange, "GET");
                respond(exchange, modelList(), cors);
            }
            case ChatCompletions.PATH, TextCompletions.PATH -> {
                requireMethod(exchange, "POST");
                generate(exchange, path, cors);
            }
            case Embeddings.PATH -> {
                requireMethod(exchange, "POST");
                Embeddings endpoint = embeddings.orElseThrow(() -> new ApiException(ApiError.of(404, "invalid_request_error", "model_not_found",
                        "This server has no embedding model; /v1/embeddings is not available.")));
                checkJson(exchange);
                endpoint.handle(RequestBody.parse(exchange.body()), exchange, cors);
            }
            default -> {
                if (path.startsWith("/v1/models/")) {
                    requireMethod(exchange, "GET");
                    String id = path.substring("/v1/models/".length());
                    if (!id.equals(model.id()) && embeddings.map(e -> !e.modelId().equals(id)).orElse(true)) {
                        throw new ModelNotFoundException(id, "'" + model.id() + "'");
                    }
                    respond(exchange, modelEntry(id), cors);
                    return;
                }
                throw new ApiException(ApiError.of(404, "invalid_request_error", "unknown_url",
                        "Unknown request URL: " + method + " " + path + ". See GET /v1/models, POST /v1/chat/completions, "
                                + "POST /v1/completions, POST /v1/embeddings."));
            }
        }
    }

    private void generate(Exchange exchange, String path, Map<String, String> cors) {
        Instant startedAt = Instant.now();
        String requestId = (path.equals(ChatCompletions.PATH) ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        String requestedModel = null;
        GenerationPlan plan;
        try {
            checkJson(exchange);
            RequestBody body = RequestBody.parse(exchange.body());
            requestedModel = body.requiredString("model");
            if (!requestedModel.equals(model.id())) {
                throw new ModelNotFoundException(requestedModel, "'" + model.id() + "'");
            }
            plan = path.equals(ChatCompletions.PATH)
                    ? ChatCompletions.plan(body, model, requestId, startedAt)
                    : TextCompletions.plan(body, model, requestId, startedAt);
        } catch (ApiException e) {
            refused(requestId, path, startedAt, requestedModel, e);
            throw e;
        }
        GenerationJob job = new GenerationJob(model, plan, path.equals(ChatCompletions.PATH) ? chat : text, exchange, cors);
        Optional<Integer> ahead = model.queue().offer(job);
        if (ahead.isEmpty()) {
            ServerBusyException busy = new ServerBusyException(model.queue().retryAfterSeconds());
            refused(requestId, path, startedAt, requestedModel, busy);
            throw busy;
        }
        model.listener().onQueued(requestId, ahead.get());
        exchange.onClientGone(job::clientGone);
    }

    private void refused(String requestId, String path, Instant startedAt, String requestedModel, ApiException e) {
        model.recordFailed(startedAt, requestedModel, SamplingFields.OPENAI_DEFAULTS, 0, "", 0, e.getMessage());
        model.completed(new CompletedRequest(requestId, path, e.error().status(), Optional.empty(), false, 0, 0));
    }

    private ObjectNode modelList() {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        data.add(modelEntry(model.id()));
        embeddings.ifPresent(e -> data.add(modelEntry(e.modelId())));
        return root;
    }

    private ObjectNode modelEntry(String id) {
        ObjectNode entry = Json.object();
        entry.put("id", id);
        entry.put("object", "model");
        entry.put("created", createdSeconds);
        entry.put("owned_by", "loupe");
        return entry;
    }

    private static long modelCreated(TextGenerator generator) {
        try {
            return java.nio.file.Files.getLastModifiedTime(generator.info().dir()).toInstant().getEpochSecond();
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void respond(Exchange exchange, ObjectNode body, Map<String, String> headers) {
        exchange.respond(200, "application/json", Json.bytes(body), headers);
    }

    private static void requireMethod(Exchange exchange, String method) {
        if (!exchange.method().equals(method)) {
            throw new ApiException(ApiError.of(405, "invalid_request_error", "method_not_allowed",
                    exchange.path() + " accepts " + method + " only, not " + exchange.method() + "."), Map.of("Allow", method));
        }
    }

    private static void checkJson(Exchange exchange) {
        String type = exchange.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new ApiException(ApiError.of(415, "invalid_request_error", "unsupported_media_type",
                    "Send the request body as JSON with 'Content-Type: application/json'."));
        }
    }

    private void checkHost(Exchange exchange) {
        if (!loopbackOnly) {
            return;
        }
        Optional<String> host = exchange.header("Host").map(OpenAiApi::hostName);
        if (host.isPresent() && !isLoopbackName(host.get())) {
            throw new ApiException(ApiError.of(403, "invalid_request_error", "host_not_allowed",
                    "This server listens on loopback only and answers requests addressed to localhost or 127.0.0.1, not '" + host.get() + "'."));
        }
    }

    /** The host part of a Host header: {@code [::1]:8080} gives {@code ::1}, {@code localhost:8080} gives {@code localhost}. */
    static String hostName(String header) {
        String h = header.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return (colon >= 0 ? h.substring(0, colon) : h).toLowerCase(Locale.ROOT);
    }

    private static boolean isLoopbackName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private void checkOrigin(String origin) {
        List<String> allowed = config.corsOrigins();
        if (!allowed.contains("*") && !allowed.contains(origin)) {
            throw new ApiException(ApiError.of(403, "invalid_request_error", "origin_not_allowed",
                    "Requests from web pages are off; start the server with --cors " + origin + " to allow this one."));
        }
    }

    private static void preflight(Exchange exchange, Map<String, String> cors) {
        Map<String, String> headers = new LinkedHashMap<>(cors);
        headers.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        headers.put("Access-Control-Allow-Headers", exchange.header("Access-Control-Request-Headers").orElse("Authorization, Content-Type"));
        headers.put("Access-Control-Max-Age", "600");
        exchange.respond(204, "text/plain", new byte[0], headers);
    }

    private void checkKey(Exchange exchange) {
        if (keyBytes == null) {
            return;
        }
        String header = exchange.header("Authorization").orElse("");
        String sent = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // Constant-time comparison, so response timing does not reveal how much of a guess was right.
        if (sent.isEmpty() || !MessageDigest.isEqual(keyBytes, sent.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ApiError.of(401, "invalid_request_error", "invalid_api_key", sent.isEmpty()
                    ? "You didn't provide an API key; send it as 'Authorization: Bearer KEY'."
                    : "Incorrect API key provided; use the key the server was started with."), Map.of("WWW-Authenticate", "Bearer"));
        }
    }
}
