package dev.loupe.app.server;

import dev.loupe.inference.FinishReason;
import java.util.Objects;
import java.util.Optional;

/**
 * How one generation request of the API ended.
 *
 * @param requestId the id the response carried ({@code chatcmpl-...}, {@code cmpl-...})
 * @param endpoint the path, e.g. {@code /v1/chat/completions}
 * @param status the HTTP status sent (200 also for a stream the client left)
 * @param finishReason how the (last) generation ended; empty when none ran
 * @param clientGone whether the client disconnected before the answer was complete (the generation was cancelled)
 * @param promptTokens tokens of the prompt(s)
 * @param generatedTokens tokens generated
 */
public record CompletedRequest(String requestId, String endpoint, int status, Optional<FinishReason> finishReason,
                               boolean clientGone, int promptTokens, int generatedTokens) {
    public CompletedRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(finishReason, "finishReason");
    }
}
