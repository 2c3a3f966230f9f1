package dev.loupe.app.storage.settings;

/** The settings Loupe remembers between starts. Empty strings mean "none chosen yet". */
public final class SettingKeys {
    private SettingKeys() {}

    /** The main window's place and size. */
    public static final SettingKey<WindowGeometry> WINDOW_GEOMETRY =
            SettingKey.ofRecord("window.geometry", WindowGeometry.class, WindowGeometry.DEFAULT);

    /** The workspace shown at start: chat, compare, agents, documents, runs, ... as the UI names them. */
    public static final SettingKey<String> LAST_WORKSPACE = SettingKey.ofString("workspace.last", "chat");

    /** The conversation open at the last exit; 0 for none. */
    public static final SettingKey<Long> LAST_CONVERSATION = SettingKey.ofLong("conversation.last", 0);

    /** The UI theme: "system" (follow the operating system), "light" or "dark". */
    public static final SettingKey<String> THEME = SettingKey.ofString("ui.theme", "system");

    /** The model new conversations start with; empty for none. */
    public static final SettingKey<String> DEFAULT_MODEL = SettingKey.ofString("model.default", "");

    /** The preset new conversations start with. */
    public static final SettingKey<String> DEFAULT_PRESET = SettingKey.ofString("preset.default", "Balanced");

    /** Whether the token probability view is open in the chat. */
    public static final SettingKey<Boolean> SHOW_PROBABILITIES = SettingKey.ofBoolean("chat.showProbabilities", false);

    /** What the Inspect workspace colours tokens by: "probability", "entropy" or "surprisal". */
    public static final SettingKey<String> INSPECT_COLOUR_MODE = SettingKey.ofString("inspect.colourMode", "probability");
}
