package dev.loupe.app.desktop;

import dev.loupe.app.storage.settings.ApiServerChoice;
import dev.loupe.app.storage.settings.AskChoice;
import dev.loupe.app.storage.settings.SettingKeys;
import dev.loupe.app.storage.settings.SettingsStore;
import dev.loupe.app.storage.settings.WindowGeometry;
import dev.loupe.ui.agents.AgentSetup;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.ui.settings.ApiServerSettings;
import dev.loupe.ui.settings.AskSettings;
import dev.loupe.ui.settings.ThemeChoice;
import dev.loupe.ui.settings.UiSettings;
import dev.loupe.ui.settings.WindowPlacement;
import java.util.Objects;
import java.util.Optional;

/** The desktop's {@link UiSettings} as typed keys of the H2 {@link SettingsStore}. */
public final class StoredUiSettings implements UiSettings {
    private final SettingsStore store;

    public StoredUiSettings(SettingsStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public WindowPlacement windowPlacement() {
        WindowGeometry g = store.get(SettingKeys.WINDOW_GEOMETRY);
        return new WindowPlacement(g.x(), g.y(), g.width(), g.height(), g.maximized());
    }

    @Override
    public void saveWindowPlacement(WindowPlacement p) {
        store.set(SettingKeys.WINDOW_GEOMETRY, new WindowGeometry(p.x(), p.y(), p.width(), p.height(), p.maximized()));
    }

    @Override
    public String lastWorkspace() {
        return store.get(SettingKeys.LAST_WORKSPACE);
    }

    @Override
    public void saveLastWorkspace(String workspaceId) {
        store.set(SettingKeys.LAST_WORKSPACE, workspaceId);
    }

    @Override
    public Optional<Long> lastConversation() {
        long id = store.get(SettingKeys.LAST_CONVERSATION);
        return id > 0 ? Optional.of(id) : Optional.empty();
    }

    @Override
    public void saveLastConversation(Optional<Long> conversationId) {
        store.set(SettingKeys.LAST_CONVERSATION, conversationId.orElse(0L));
    }

    @Override
    public ThemeChoice theme() {
        return ThemeChoice.fromId(store.get(SettingKeys.THEME));
    }

    @Override
    public void saveTheme(ThemeChoice theme) {
        store.set(SettingKeys.THEME, theme.id());
    }

    @Override
    public AskSettings askSettings() {
        AskChoice c = store.get(SettingKeys.ASK);
        try {
            return new AskSettings(c.enabled(), c.collections(), c.k(), AskMode.valueOf(c.mode()));
        } catch (IllegalArgumentException e) {
            return AskSettings.DEFAULTS; // a value from another version; the user chooses again
        }
    }

    @Override
    public void saveAskSettings(AskSettings s) {
        store.set(SettingKeys.ASK, new AskChoice(s.enabled(), s.collections(), s.k(), s.mode().name()));
    }

    @Override
    public ApiServerSettings apiServerSettings() {
        ApiServerChoice c = store.get(SettingKeys.API_SERVER);
        try {
            return new ApiServerSettings(c.enabled(), c.host(), c.port(), c.apiKey(), c.cors());
        } catch (IllegalArgumentException e) {
            return ApiServerSettings.DEFAULTS; // edited by hand out of range; the user sets it again
        }
    }

    @Override
    public void saveApiServerSettings(ApiServerSettings s) {
        store.set(SettingKeys.API_SERVER, new ApiServerChoice(s.enabled(), s.host(), s.port(), s.apiKey(), s.cors()));
    }

    @Override
    public String defaultPreset() {
        return store.get(SettingKeys.DEFAULT_PRESET);
    }

    @Override
    public void saveDefaultPreset(String presetName) {
        store.set(SettingKeys.DEFAULT_PRESET, presetName);
    }

    @Override
    public AgentSetup agentSetup() {
        return AgentSetups.of(store.get(SettingKeys.AGENT_SETUP));
    }

    @Override
    public void saveAgentSetup(AgentSetup setup) {
        store.set(SettingKeys.AGENT_SETUP, AgentSetups.stored(setup));
    }

    @Override
    public String inspectColourMode() {
        return store.get(SettingKeys.INSPECT_COLOUR_MODE);
    }

    @Override
    public void saveInspectColourMode(String modeId) {
        store.set(SettingKeys.INSPECT_COLOUR_MODE, modeId);
    }
}
