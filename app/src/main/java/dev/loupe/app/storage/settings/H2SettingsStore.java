package dev.loupe.app.storage.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.JsonFields;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SettingsStore} in the H2 {@link Database}, table {@code app_setting}: one row per key, the value as
 * JSON. Thread-safe: it holds no state of its own besides the database and the clock.
 */
public final class H2SettingsStore implements SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(H2SettingsStore.class);

    private final Database db;
    private final Clock clock;

    public H2SettingsStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public <T> T get(SettingKey<T> key) {
        String json = db.read("read a setting", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value_json FROM app_setting WHERE setting_key = ?")) {
                ps.setString(1, key.name());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return key.defaultValue();
        }
        try {
            return key.decode(JsonFields.MAPPER.readTree(json));
        } catch (JsonProcessingException | RuntimeException e) {
            // Handled here by falling back, so logged here: a value from an older or newer Loupe, or edited by hand.
            log.warn("Ignoring the saved value of {} and using its default: {} ({})", key, json, e.getMessage());
            return key.defaultValue();
        }
    }

    @Override
    public <T> void set(SettingKey<T> key, T value) {
        String json;
        try {
            json = JsonFields.MAPPER.writeValueAsString(key.encode(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + " cannot be written as JSON: " + value, e);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        db.transaction("save a setting", c -> {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO app_setting (setting_key, value_json, updated_at) "
                    + "KEY (setting_key) VALUES (?, ?, ?)")) {
                ps.setString(1, key.name());
                ps.setString(2, json);
                ps.setObject(3, now);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void reset(SettingKey<?> key) {
        db.transaction("reset a setting", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_setting WHERE setting_key = ?")) {
                ps.setString(1, key.name());
                return ps.executeUpdate();
            }
        });
    }
}
