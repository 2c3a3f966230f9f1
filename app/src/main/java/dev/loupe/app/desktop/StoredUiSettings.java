package dev.loupe.app.desktop;

import dev.loupe.app.storage.settings.SettingKeys;
import dev.loupe.app.storage.settings.SettingsStore;
import dev.loupe.app.storage.settings.WindowGeometry;
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
    public String defaultPreset() {
        return store.get(SettingKeys.DEFAULT_PRESET);
    }

    @Override
    public void saveDefaultPreset(String presetName) {
        store.set(SettingKeys.DEFAULT_PRESET, presetName);
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
