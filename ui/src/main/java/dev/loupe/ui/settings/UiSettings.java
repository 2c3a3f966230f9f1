package dev.loupe.ui.settings;

import dev.loupe.ui.agents.AgentSetup;
import java.util.Optional;

/**
 * What the desktop app remembers between starts. Reading never fails: a missing or unreadable value reads as its
 * default. Blocks on disk I/O; read at startup before the window opens, write on the storage lane.
 */
public interface UiSettings {

    /** The last window placement, or a default one before the first exit. */
    WindowPlacement windowPlacement();

    void saveWindowPlacement(WindowPlacement placement);

    /** The id of the workspace shown at the last exit ("chat", "runs", ...). */
    String lastWorkspace();

    void saveLastWorkspace(String workspaceId);

    /** The conversation open at the last exit. */
    Optional<Long> lastConversation();

    void saveLastConversation(Optional<Long> conversationId);

    ThemeChoice theme();

    void saveTheme(ThemeChoice theme);

    /** The preset new chats start with. */
    String defaultPreset();

    void saveDefaultPreset(String presetName);

    /** The tools, granted folders, limits and sampler of the last agent run; {@link AgentSetup#DEFAULTS} before one. */
    AgentSetup agentSetup();

    void saveAgentSetup(AgentSetup setup);

    /** The chat's Ask documents choices. */
    AskSettings askSettings();

    void saveAskSettings(AskSettings settings);

    /** The local API server's settings, the switch included. */
    ApiServerSettings apiServerSettings();

    void saveApiServerSettings(ApiServerSettings settings);

    /** What the Inspect workspace colours tokens by: "probability", "entropy" or "surprisal". */
    String inspectColourMode();

    void saveInspectColourMode(String modeId);
}
