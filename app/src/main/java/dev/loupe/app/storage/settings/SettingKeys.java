package dev.loupe.app.storage.settings;

import dev.loupe.app.storage.trace.AgentRunSetup;
import java.util.List;

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

    /** The chat's Ask documents choices: on or off, collections, top-k, plain or HyDE. */
    public static final SettingKey<AskChoice> ASK = SettingKey.ofRecord("chat.ask", AskChoice.class, AskChoice.DEFAULT);

    /** The desktop's local API server: the switch, address, key and CORS. */
    public static final SettingKey<ApiServerChoice> API_SERVER =
            SettingKey.ofRecord("server.api", ApiServerChoice.class, ApiServerChoice.DEFAULT);

    /** Whether the token probability view is open in the chat. */
    public static final SettingKey<Boolean> SHOW_PROBABILITIES = SettingKey.ofBoolean("chat.showProbabilities", false);

    /** The setup the agents workspace starts with: the last run's tools, granted folders, limits and sampler. */
    public static final SettingKey<AgentRunSetup> AGENT_SETUP = SettingKey.ofRecord("agents.setup", AgentRunSetup.class,
            new AgentRunSetup(List.of("calculator", "current_time"), List.of(), "", 8, 10_000, 300_000, 256, 0.7, null, "auto",
                    List.of()));

    /** What the Inspect workspace colours tokens by: "probability", "entropy" or "surprisal". */
    public static final SettingKey<String> INSPECT_COLOUR_MODE = SettingKey.ofString("inspect.colourMode", "probability");
}
