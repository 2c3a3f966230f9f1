package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * An error in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}.
 *
 * @param status the HTTP status
 * @param type {@code invalid_request_error}, {@code authentication_error}, {@code server_error}, ...
 * @param code a machine-readable code such as {@code model_not_found}, or empty
 * @param param the request field at fault, or empty
 * @param message one sentence for the person reading it
 */
public record ApiError(int status, String type, Optional<String> code, Optional<String> param, String message) {
    public ApiError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(message, "message");
    }

    public static ApiError of(int status, String type, String code, String message) {
        return new ApiError(status, type, Optional.ofNullable(code), Optional.empty(), message);
    }

    /** The transport's own errors (413, 431, 400 unreadable HTTP). */
    public static byte[] transportBody(int status, String message) {
        String code = switch (status) {
            case 413 -> "request_too_large";
            case 414, 431 -> "headers_too_large";
            case 500 -> "internal_error";
            default -> "invalid_http";
        };
        return Json.bytes(of(status, status >= 500 ? "server_error" : "invalid_request_error", code, message).toJson());
    }

    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param.orElse(null));
        error.put("code", code.orElse(null));
        return root;
    }
}
