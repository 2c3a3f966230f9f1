package dev.loupe.app.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.conversation.Conversation;
import dev.loupe.app.storage.preset.Preset;
import dev.loupe.app.storage.run.RunQuery;
import dev.loupe.app.storage.settings.SettingKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
    @TempDir
    Path home;

    private AppPaths paths() {
        return new AppPaths(home, Optional.empty());
    }

    @Test
    void openingUnderTheHomeFolderGivesWorkingStoresWithTheBuiltInPresets() {
        try (Storage storage = Storage.open(paths())) {
            assertEquals(List.of("Precise", "Balanced", "Creative"), storage.presets().list().stream().map(Preset::name).toList());
            Conversation c = storage.conversations().create("hello", "", Optional.empty());
            storage.systemPrompts().save("terse", "Be terse.");
            storage.settings().set(SettingKeys.THEME, "dark");
            assertEquals(List.of(), storage.runs().query(RunQuery.ALL));
            assertEquals(Optional.of(c), storage.conversations().find(c.id()));
        }
        assertTrue(Files.isRegularFile(home.resolve("db").resolve("loupe.mv.db")));
        try (Storage storage = Storage.open(paths())) {
            assertEquals(1, storage.conversations().list().size());
            assertEquals("dark", storage.settings().get(SettingKeys.THEME));
            assertEquals(3, storage.presets().list().size(), "reopening installs no second copy");
        }
    }

    @Test
    void afterCorruptionTheUserCanStartFreshAndKeepTheDamagedFile() throws Exception {
        Path file = paths().database().resolveSibling("loupe.mv.db");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "garbage\n".repeat(200));

        var corrupt = assertThrows(CorruptDatabaseException.class, () -> Storage.open(paths()));
        try (Storage storage = Storage.startFresh(corrupt)) {
            assertEquals(3, storage.presets().list().size());
            assertEquals(List.of(), storage.conversations().list());
        }

        assertEquals("garbage\n".repeat(200), Files.readString(corrupt.backup()));
    }
}
