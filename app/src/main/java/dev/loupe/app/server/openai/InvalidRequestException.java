package dev.loupe.app.server.openai;

import java.util.Optional;

/** A request field is missing, of the wrong type or out of range (HTTP 400); the error names the field. */
public class InvalidRequestException extends ApiException {
    public InvalidRequestException(String param, String message) {
        this(param, null, message);
    }

    public InvalidRequestException(String param, String code, String message) {
        super(new ApiError(400, "invalid_request_error", Optional.ofNullable(code), Optional.ofNullable(param), message));
    }
}
