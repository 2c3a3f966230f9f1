package dev.loupe.app.storage.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.TickingClock;
import java.nio.file.Path;
import java.time.DayOfWeek;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2SettingsStoreTest {
    @TempDir
    Path home;
    private Database db;
    private SettingsStore settings;

    @BeforeEach
    void open() {
        db = Database.open(home.resolve("loupe"));
        settings = new H2SettingsStore(db, TickingClock.startingAt("2025-07-01T00:00:00Z"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unsavedSettingsReadAsTheirDefaults() {
        assertEquals(WindowGeometry.DEFAULT, settings.get(SettingKeys.WINDOW_GEOMETRY));
        assertEquals("chat", settings.get(SettingKeys.LAST_WORKSPACE));
        assertEquals(0L, settings.get(SettingKeys.LAST_CONVERSATION));
        assertEquals(false, settings.get(SettingKeys.SHOW_PROBABILITIES));
    }

    @Test
    void everyKindOfValueSurvivesReopening() {
        var geometry = new WindowGeometry(-1920.5, 33, 1024, 700.25, true);
        var day = SettingKey.ofEnum("test.day", DayOfWeek.class, DayOfWeek.MONDAY);
        var ratio = SettingKey.ofDouble("test.ratio", 0.5);
        var count = SettingKey.ofInt("test.count", 1);
        settings.set(SettingKeys.WINDOW_GEOMETRY, geometry);
        settings.set(SettingKeys.THEME, "nord-dark");
        settings.set(SettingKeys.LAST_CONVERSATION, 9_000_000_000L);
        settings.set(SettingKeys.SHOW_PROBABILITIES, true);
        settings.set(day, DayOfWeek.FRIDAY);
        settings.set(ratio, 0.1 + 0.2);
        settings.set(count, -7);

        db.close();
        open();

        assertEquals(geometry, settings.get(SettingKeys.WINDOW_GEOMETRY));
        assertEquals("nord-dark", settings.get(SettingKeys.THEME));
        assertEquals(9_000_000_000L, settings.get(SettingKeys.LAST_CONVERSATION));
        assertEquals(true, settings.get(SettingKeys.SHOW_PROBABILITIES));
        assertEquals(DayOfWeek.FRIDAY, settings.get(day));
        assertEquals(0.1 + 0.2, settings.get(ratio));
        assertEquals(-7, settings.get(count));
    }

    @Test
    void settingAgainReplacesTheValueAndResetRestoresTheDefault() {
        settings.set(SettingKeys.DEFAULT_MODEL, "a");
        settings.set(SettingKeys.DEFAULT_MODEL, "b");
        assertEquals("b", settings.get(SettingKeys.DEFAULT_MODEL));

        settings.reset(SettingKeys.DEFAULT_MODEL);

        assertEquals("", settings.get(SettingKeys.DEFAULT_MODEL));
    }

    @Test
    void aSavedValueThatNoLongerFitsItsTypeReadsAsTheDefault() {
        settings.set(SettingKey.ofString("window.geometry", "x"), "not a geometry");
        settings.set(SettingKey.ofString("test.number", "x"), "twelve");
        settings.set(SettingKey.ofString("test.day", "x"), "SOMEDAY");

        assertEquals(WindowGeometry.DEFAULT, settings.get(SettingKeys.WINDOW_GEOMETRY));
        assertEquals(3, settings.get(SettingKey.ofInt("test.number", 3)));
        assertEquals(DayOfWeek.SUNDAY, settings.get(SettingKey.ofEnum("test.day", DayOfWeek.class, DayOfWeek.SUNDAY)));
    }

    @Test
    void aSavedGeometryThatFailsValidationReadsAsTheDefault() {
        settings.set(SettingKey.ofRecord("window.geometry", TinyWindow.class, new TinyWindow(1, 1)), new TinyWindow(10, 10));

        assertEquals(WindowGeometry.DEFAULT, settings.get(SettingKeys.WINDOW_GEOMETRY));
    }

    @Test
    void keyNamesFollowOneConvention() {
        assertThrows(IllegalArgumentException.class, () -> SettingKey.ofString("Window Geometry", ""));
        assertThrows(IllegalArgumentException.class, () -> SettingKey.ofString("window..geometry", ""));
    }

    record TinyWindow(double width, double height) {}
}
