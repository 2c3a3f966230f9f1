package dev.loupe.ui.settings;

import dev.loupe.inference.TextGenerator;
import java.net.URI;

/**
 * Starts and stops the local OpenAI-compatible API server for the desktop; the composition root implements it
 * over the app's server. Both methods block (binding, draining clients): call them on the engine lane, so that a
 * model is never closed while the server still serves it.
 */
public interface ApiServerControl {

    /**
     * Serves {@code model} with {@code settings}, stopping a running server first.
     *
     * @return the base URL clients use, e.g. {@code http://127.0.0.1:8080/v1}
     * @throws dev.loupe.inference.LoupeException with one sentence when the address cannot be used (port in use,
     *     unsafe settings)
     */
    URI start(ApiServerSettings settings, TextGenerator model);

    /** Stops the running server, if any; its clients are disconnected. */
    void stop();
}
