package dev.loupe.app.server.openai;

import dev.loupe.inference.LoupeException;
import java.util.Map;

/** A request the API answers with an error; carries the OpenAI-shaped error and any headers it needs. */
public class ApiException extends LoupeException {
    private final ApiError error;
    private final Map<String, String> headers;

    public ApiException(ApiError error) {
        this(error, Map.of());
    }

    public ApiException(ApiError error, Map<String, String> headers) {
        super(error.message());
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public ApiError error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
