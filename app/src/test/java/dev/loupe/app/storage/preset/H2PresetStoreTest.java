package dev.loupe.app.storage.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import dev.loupe.app.storage.TickingClock;
import dev.loupe.inference.sampling.SamplerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2PresetStoreTest {
    @TempDir
    Path home;
    private Database db;
    private PresetStore presets;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("loupe"));
        presets = new H2PresetStore(db, TickingClock.startingAt("2025-05-01T00:00:00Z"));
        presets.seedBuiltins(BuiltinPresets.load());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> names() {
        return presets.list().stream().map(Preset::name).toList();
    }

    @Test
    void theThreeShippedPresetsAreInstalledInShippedOrder() {
        List<Preset> list = presets.list();

        assertEquals(List.of("Precise", "Balanced", "Creative"), names());
        assertTrue(list.stream().allMatch(Preset::builtin));
        assertEquals(SamplerSettings.DEFAULTS, presets.find("balanced").orElseThrow().settings());
        assertTrue(presets.find("Precise").orElseThrow().settings().temperature()
                < presets.find("Creative").orElseThrow().settings().temperature());
        assertFalse(list.getFirst().description().isBlank());
    }

    @Test
    void shippedPresetFilesAreValidAndMarkedBuiltIn() {
        List<Preset> shipped = BuiltinPresets.load();

        assertEquals(BuiltinPresets.FILES.size(), shipped.size());
        assertTrue(shipped.stream().allMatch(Preset::builtin));
    }

    @Test
    void seedingAgainAddsNothingAndKeepsTheUsersPresets() {
        presets.save("Mine", "", SamplerSettings.GREEDY);

        presets.seedBuiltins(BuiltinPresets.load());

        assertEquals(List.of("Precise", "Balanced", "Creative", "Mine"), names());
    }

    @Test
    void builtInPresetsCannotBeOverwrittenRenamedOrDeleted() {
        var overwrite = assertThrows(StorageException.class, () -> presets.save("precise", "", SamplerSettings.GREEDY));
        assertEquals("\"Precise\" is a built-in preset and cannot be changed; save your settings as a copy under a new name.",
                overwrite.getMessage());
        assertThrows(StorageException.class, () -> presets.rename("Precise", "Exact"));
        assertThrows(StorageException.class, () -> presets.delete("Precise"));

        assertEquals(BuiltinPresets.load().getFirst(), presets.find("Precise").orElseThrow());
    }

    @Test
    void aCopyOfABuiltInIsTheUsersToEdit() {
        Preset copy = presets.copy("Creative", "My creative");
        assertFalse(copy.builtin());
        assertEquals(presets.find("Creative").orElseThrow().settings(), copy.settings());

        Preset edited = presets.save("my creative", "warmer", copy.settings().withTemperature(1.5));

        assertEquals(1.5, presets.find("My Creative").orElseThrow().settings().temperature());
        assertEquals("warmer", edited.description());
        assertEquals(1.1, presets.find("Creative").orElseThrow().settings().temperature(), "the built-in is untouched");
    }

    @Test
    void namesAreUniqueIgnoringCase() {
        presets.save("Tight", "", SamplerSettings.GREEDY);

        var e = assertThrows(StorageException.class, () -> presets.copy("Balanced", "TIGHT"));
        assertEquals("A preset named \"Tight\" already exists; choose another name.", e.getMessage());
        assertThrows(StorageException.class, () -> presets.rename("Tight", "balanced"));
    }

    @Test
    void renamingAndDeletingUserPresets() {
        presets.save("Draft", "", SamplerSettings.GREEDY);

        presets.rename("draft", "DRAFT");
        assertEquals("DRAFT", presets.find("draft").orElseThrow().name(), "changing only the case is a rename");
        presets.rename("DRAFT", "Final");
        presets.delete("final");
        presets.delete("never existed");

        assertEquals(List.of("Precise", "Balanced", "Creative"), names());
    }

    @Test
    void changedShippedSettingsReplaceTheInstalledBuiltIns() {
        Preset updated = new Preset("Balanced", "new text", SamplerSettings.DEFAULTS.withTemperature(0.7), true);

        presets.seedBuiltins(List.of(BuiltinPresets.load().get(0), updated));

        assertEquals(updated, presets.find("Balanced").orElseThrow());
        Preset dropped = presets.find("Creative").orElseThrow();
        assertFalse(dropped.builtin(), "a built-in no longer shipped becomes the user's own");
        presets.delete("Creative");
        assertEquals(Optional.empty(), presets.find("Creative"));
    }

    @Test
    void aNewBuiltInDoesNotReplaceAUserPresetOfTheSameName() {
        presets.save("Storyteller", "mine", SamplerSettings.GREEDY);

        presets.seedBuiltins(List.of(new Preset("Storyteller", "shipped", SamplerSettings.DEFAULTS, true)));

        Preset kept = presets.find("Storyteller").orElseThrow();
        assertEquals("mine", kept.description());
        assertFalse(kept.builtin());
    }
}
