package dev.loupe.app.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * How the local API server listens and what it accepts.
 *
 * @param host address to bind; a non-loopback address requires {@code apiKey}
 * @param port TCP port, 0 for any free one
 * @param apiKey when present every request must send {@code Authorization: Bearer <apiKey>}
 * @param maxQueuedRequests generation requests that may wait for the model besides the one running; more are
 *     answered with 503 and Retry-After
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param corsOrigins web origins allowed to call the API from a browser ({@code *} for any); empty for none
 * @param logPrompts whether the runs table keeps the start of each prompt (off: it keeps none of it)
 */
public record ServerConfig(String host, int port, Optional<String> apiKey, int maxQueuedRequests, int maxBodyBytes,
                           List<String> corsOrigins, boolean logPrompts) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 64;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new ServerConfigException("The server needs an address to listen on, e.g. --host 127.0.0.1.");
        }
        if (port < 0 || port > 65_535) {
            throw new ServerConfigException("The port must be between 0 and 65535, got " + port + ".");
        }
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isEmpty());
        if (apiKey.isPresent() && (apiKey.get().isBlank() || apiKey.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw new ServerConfigException("The API key must be printable ASCII without spaces.");
        }
        if (maxQueuedRequests < 0) {
            throw new ServerConfigException("The queue size must be 0 or more, got " + maxQueuedRequests + ".");
        }
        if (maxBodyBytes < 1024) {
            throw new ServerConfigException("The body limit must be at least 1024 bytes, got " + maxBodyBytes + ".");
        }
        corsOrigins = List.copyOf(corsOrigins == null ? List.of() : corsOrigins);
        if (!isLoopback(host) && apiKey.isEmpty()) {
            throw new ServerConfigException("Listening on " + host + " lets other machines use the model; set an API key with "
                    + "--api-key or LOUPE_API_KEY, or keep the default --host 127.0.0.1.");
        }
    }

    /** The defaults: 127.0.0.1:8080, no key, 64 queued requests, 4 MiB bodies, no CORS, no prompt text in the log. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), DEFAULT_MAX_QUEUED_REQUESTS, DEFAULT_MAX_BODY_BYTES,
                List.of(), false);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, apiKey, maxQueuedRequests, maxBodyBytes, corsOrigins, logPrompts);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, apiKey, maxQueuedRequests, maxBodyBytes, corsOrigins, logPrompts);
    }

    public ServerConfig withApiKey(String value) {
        return new ServerConfig(host, port, Optional.ofNullable(value), maxQueuedRequests, maxBodyBytes, corsOrigins, logPrompts);
    }

    public ServerConfig withMaxQueuedRequests(int value) {
        return new ServerConfig(host, port, apiKey, value, maxBodyBytes, corsOrigins, logPrompts);
    }

    public ServerConfig withMaxBodyBytes(int value) {
        return new ServerConfig(host, port, apiKey, maxQueuedRequests, value, corsOrigins, logPrompts);
    }

    public ServerConfig withCorsOrigins(List<String> value) {
        return new ServerConfig(host, port, apiKey, maxQueuedRequests, maxBodyBytes, value, logPrompts);
    }

    public ServerConfig withLogPrompts(boolean value) {
        return new ServerConfig(host, port, apiKey, maxQueuedRequests, maxBodyBytes, corsOrigins, value);
    }

    /** True when {@code host} is a loopback address (127.0.0.0/8, ::1, or a name that resolves to one). */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress address : all) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new ServerConfigException("The address " + host + " is unknown on this machine; use an IP address such as 127.0.0.1.", e);
        }
    }
}
