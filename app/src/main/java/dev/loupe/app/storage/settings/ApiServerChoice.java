package dev.loupe.app.storage.settings;

/**
 * The desktop's API server settings as stored under {@link SettingKeys#API_SERVER}. The key is stored as typed,
 * like the rest of the database: the file is the user's own.
 *
 * @param enabled the switch is on: serve the loaded model, also after the next launch
 * @param host address to listen on
 * @param port TCP port, 0 for any free one
 * @param apiKey bearer key clients must send; empty for none
 * @param cors whether web pages from any origin may call the API
 */
public record ApiServerChoice(boolean enabled, String host, int port, String apiKey, boolean cors) {
    public static final ApiServerChoice DEFAULT = new ApiServerChoice(false, "127.0.0.1", 8080, "", false);

    public ApiServerChoice {
        host = host == null ? DEFAULT.host() : host;
        apiKey = apiKey == null ? "" : apiKey;
    }
}
