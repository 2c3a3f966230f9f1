package dev.loupe.app.server.openai;

import java.util.Optional;

/** The request names a model this server does not serve (HTTP 404). */
public class ModelNotFoundException extends ApiException {
    public ModelNotFoundException(String model, String available) {
        super(new ApiError(404, "invalid_request_error", Optional.of("model_not_found"), Optional.of("model"),
                "The model '" + model + "' does not exist here; this server serves " + available + " (see GET /v1/models)."));
    }
}
