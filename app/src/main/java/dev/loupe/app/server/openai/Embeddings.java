package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.app.server.GenerationQueue;
import dev.loupe.app.server.http.Exchange;
import dev.loupe.inference.LoupeException;
import dev.loupe.rag.embed.Embedder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/embeddings}: unit-length vectors of a string or an array of strings, as floats or as base64 of
 * little-endian float32 (what OpenAI's SDKs ask for by default). Inputs longer than the model reads are refused,
 * not truncated. Requests run one batch at a time on the embedding model's own queue, beside the generations.
 */
final class Embeddings {
    static final String PATH = "/v1/embeddings";
    static final int MAX_INPUTS = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(Embeddings.class);

    private final Embedder embedder;
    private final GenerationQueue queue;

    Embeddings(Embedder embedder, GenerationQueue queue) {
        this.embedder = embedder;
        this.queue = queue;
    }

    String modelId() {
        return embedder.modelId();
    }

    /** Validates the request on the network thread and queues the work; answers 503 when the queue is full. */
    void handle(RequestBody body, Exchange exchange, Map<String, String> headers) {
        String model = body.requiredString("model");
        if (!model.equals(embedder.modelId())) {
            throw new ModelNotFoundException(model, "'" + embedder.modelId() + "' for embeddings");
        }
        List<String> inputs = inputs(body);
        boolean base64 = switch (body.string("encoding_format").orElse("float")) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw new InvalidRequestException("encoding_format", "'encoding_format' must be float or base64.");
        };
        body.integer("dimensions", 1, Integer.MAX_VALUE).ifPresent(d -> {
            if (d != embedder.dimensions()) {
                throw new InvalidRequestException("dimensions", "This model's vectors have " + embedder.dimensions() + " dimensions; 'dimensions' cannot change that.");
            }
        });
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            int count = embedder.tokenizer().countTokens(inputs.get(i));
            if (count > embedder.maxInputTokens()) {
                throw new InvalidRequestException("input", "input[" + i + "] has " + count + " tokens, but " + embedder.modelId()
                        + " reads at most " + embedder.maxInputTokens() + "; split it.");
            }
            tokens += count;
        }
        Job job = new Job(inputs, base64, tokens, exchange, headers);
        if (queue.offer(job).isEmpty()) {
            throw new ServerBusyException(queue.retryAfterSeconds());
        }
        exchange.onClientGone(() -> queue.withdraw(job));
    }

    private static List<String> inputs(RequestBody body) {
        JsonNode input = body.node("input").orElseThrow(() -> new InvalidRequestException("input", "You must provide 'input', a string or an array of strings."));
        List<String> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new InvalidRequestException("input", "'input' must be a string or an array of strings; token ids are not accepted, "
                            + "since they would have to be ids of this embedding model's own tokenizer.");
                }
                inputs.add(item.asText());
            }
        } else {
            throw new InvalidRequestException("input", "'input' must be a non-empty string or a non-empty array of strings.");
        }
        if (inputs.size() > MAX_INPUTS) {
            throw new InvalidRequestException("input", "'input' may hold at most " + MAX_INPUTS + " strings, got " + inputs.size() + ".");
        }
        if (inputs.stream().anyMatch(String::isEmpty)) {
            throw new InvalidRequestException("input", "'input' must not contain empty strings.");
        }
        return inputs;
    }

    private final class Job implements GenerationQueue.Job {
        private final List<String> inputs;
        private final boolean base64;
        private final int tokens;
        private final Exchange exchange;
        private final Map<String, String> headers;

        Job(List<String> inputs, boolean base64, int tokens, Exchange exchange, Map<String, String> headers) {
            this.inputs = inputs;
            this.base64 = base64;
            this.tokens = tokens;
            this.exchange = exchange;
            this.headers = headers;
        }

        @Override
        public void run() {
            if (!exchange.isOpen()) {
                return;
            }
            List<float[]> vectors;
            try {
                vectors = embedder.embedDocuments(inputs);
            } catch (LoupeException e) {
                LOG.warn("Embedding {} inputs failed", inputs.size(), e);
                ApiError error = ApiError.of(500, "server_error", "embedding_failed", e.getMessage());
                exchange.respond(500, "application/json", Json.bytes(error.toJson()), headers);
                return;
            }
            exchange.respond(200, "application/json", Json.bytes(response(vectors)), headers);
        }

        private ObjectNode response(List<float[]> vectors) {
            ObjectNode root = Json.object();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            for (int i = 0; i < vectors.size(); i++) {
                ObjectNode entry = data.addObject();
                entry.put("object", "embedding");
                entry.put("index", i);
                if (base64) {
                    entry.put("embedding", base64(vectors.get(i)));
                } else {
                    ArrayNode values = entry.putArray("embedding");
                    for (float v : vectors.get(i)) {
                        values.add(v);
                    }
                }
            }
            root.put("model", embedder.modelId());
            ObjectNode usage = root.putObject("usage");
            usage.put("prompt_tokens", tokens);
            usage.put("total_tokens", tokens);
            return root;
        }

        @Override
        public void abandon() {
            ApiError error = new ApiError(503, "server_error", Optional.of("server_stopping"), Optional.empty(),
                    "The API server is stopping; send the request again once it runs.");
            exchange.respond(503, "application/json", Json.bytes(error.toJson()), headers);
        }
    }

    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
