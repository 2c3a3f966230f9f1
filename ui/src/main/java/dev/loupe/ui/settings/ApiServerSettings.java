package dev.loupe.ui.settings;

import java.util.Objects;

/**
 * The local API server's settings as the Settings window edits them, remembered between starts.
 *
 * @param enabled the switch: serve the loaded model (and start again at the next launch)
 * @param host the address to listen on
 * @param port the TCP port, 0 for any free one
 * @param apiKey the key clients must send as a bearer token; empty for none (only allowed on loopback)
 * @param cors whether web pages from any origin may call the API from a browser
 */
public record ApiServerSettings(boolean enabled, String host, int port, String apiKey, boolean cors) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final ApiServerSettings DEFAULTS = new ApiServerSettings(false, DEFAULT_HOST, DEFAULT_PORT, "", false);

    public ApiServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The port must be between 0 and 65535, got " + port + ".");
        }
    }

    public ApiServerSettings withEnabled(boolean value) {
        return new ApiServerSettings(value, host, port, apiKey, cors);
    }
}
