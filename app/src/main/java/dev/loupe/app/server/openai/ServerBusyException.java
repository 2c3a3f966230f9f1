package dev.loupe.app.server.openai;

import java.util.Map;
import java.util.Optional;

/** The model's queue is full (HTTP 503 with Retry-After). */
public class ServerBusyException extends ApiException {
    public ServerBusyException(int retryAfterSeconds) {
        super(new ApiError(503, "server_error", Optional.of("server_busy"), Optional.empty(),
                        "The model is busy and its queue is full; retry in about " + retryAfterSeconds + " s."),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
