package dev.loupe.app.storage.preset;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PresetStore} in the H2 {@link Database}, table {@code preset} (see {@code V2__presets_prompts_settings.sql}).
 * Thread-safe: it holds no state of its own besides the database and the clock.
 */
public final class H2PresetStore implements PresetStore {
    private static final Logger log = LoggerFactory.getLogger(H2PresetStore.class);
    private static final String COLUMNS = "name, description, settings_json, builtin";

    private final Database db;
    private final Clock clock;

    public H2PresetStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Preset> list() {
        return db.read("list the presets", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM preset ORDER BY builtin DESC, builtin_order, name_key")) {
                return presets(ps);
            }
        });
    }

    @Override
    public Optional<Preset> find(String name) {
        String wanted = Preset.checkName(name);
        return db.read("load the preset", c -> find(c, wanted));
    }

    @Override
    public Preset save(String name, String description, SamplerSettings settings) {
        Preset preset = new Preset(name, description, settings, false);
        Instant now = now();
        return db.transaction("save the preset", c -> {
            Optional<Preset> existing = find(c, preset.name());
            if (existing.isPresent()) {
                refuseBuiltin(existing.get());
                try (PreparedStatement ps = c.prepareStatement("UPDATE preset SET name = ?, description = ?, "
                        + "settings_json = ?, updated_at = ? WHERE name_key = LOWER(?)")) {
                    ps.setString(1, preset.name());
                    ps.setString(2, preset.description());
                    ps.setString(3, SamplerSettingsJson.toJson(preset.settings()));
                    ps.setObject(4, now);
                    ps.setString(5, preset.name());
                    ps.executeUpdate();
                }
            } else {
                insert(c, preset, null, now);
            }
            return preset;
        });
    }

    @Override
    public Preset copy(String source, String newName) {
        String sourceName = Preset.checkName(source);
        String targetName = Preset.checkName(newName);
        Instant now = now();
        return db.transaction("copy the preset", c -> {
            Preset original = find(c, sourceName).orElseThrow(() -> missing(sourceName));
            refuseTaken(c, targetName);
            Preset copy = new Preset(targetName, original.description(), original.settings(), false);
            insert(c, copy, null, now);
            return copy;
        });
    }

    @Override
    public Preset rename(String name, String newName) {
        String oldName = Preset.checkName(name);
        String targetName = Preset.checkName(newName);
        Instant now = now();
        return db.transaction("rename the preset", c -> {
            Preset existing = find(c, oldName).orElseThrow(() -> missing(oldName));
            refuseBuiltin(existing);
            if (!existing.name().equalsIgnoreCase(targetName)) {
                refuseTaken(c, targetName);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE preset SET name = ?, updated_at = ? WHERE name_key = LOWER(?)")) {
                ps.setString(1, targetName);
                ps.setObject(2, now);
                ps.setString(3, oldName);
                ps.executeUpdate();
            }
            return new Preset(targetName, existing.description(), existing.settings(), false);
        });
    }

    @Override
    public void delete(String name) {
        String wanted = Preset.checkName(name);
        db.transaction("delete the preset", c -> {
            Optional<Preset> existing = find(c, wanted);
            if (existing.isEmpty()) {
                return 0;
            }
            refuseBuiltin(existing.get());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM preset WHERE name_key = LOWER(?)")) {
                ps.setString(1, wanted);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void seedBuiltins(List<Preset> builtins) {
        for (Preset preset : builtins) {
            if (!preset.builtin()) {
                throw new IllegalArgumentException("only built-in presets are seeded, got " + preset.name());
            }
        }
        Instant now = now();
        db.transaction("install the built-in presets", c -> {
            for (int order = 0; order < builtins.size(); order++) {
                Preset preset = builtins.get(order);
                Optional<Preset> existing = find(c, preset.name());
                if (existing.isEmpty()) {
                    insert(c, preset, order, now);
                } else if (existing.get().builtin()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE preset SET name = ?, description = ?, "
                            + "settings_json = ?, builtin_order = ?, updated_at = ? WHERE name_key = LOWER(?) AND builtin")) {
                        ps.setString(1, preset.name());
                        ps.setString(2, preset.description());
                        ps.setString(3, SamplerSettingsJson.toJson(preset.settings()));
                        ps.setInt(4, order);
                        ps.setObject(5, now);
                        ps.setString(6, preset.name());
                        ps.executeUpdate();
                    }
                } else {
                    log.warn("Not installing the built-in preset '{}': the user has a preset of that name", preset.name());
                }
            }
            // Built-ins that this Loupe no longer ships become the user's own, to keep or delete.
            Set<String> shipped = builtins.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            for (Preset stored : presets(c, "SELECT " + COLUMNS + " FROM preset WHERE builtin")) {
                if (!shipped.contains(stored.name().toLowerCase(Locale.ROOT))) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE preset SET builtin = FALSE, builtin_order = NULL WHERE name = ?")) {
                        ps.setString(1, stored.name());
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void insert(Connection c, Preset preset, Integer builtinOrder, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO preset (name, description, settings_json, builtin, "
                + "builtin_order, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, preset.name());
            ps.setString(2, preset.description());
            ps.setString(3, SamplerSettingsJson.toJson(preset.settings()));
            ps.setBoolean(4, preset.builtin());
            ps.setObject(5, builtinOrder, Types.INTEGER);
            ps.setObject(6, now);
            ps.executeUpdate();
        }
    }

    private static Optional<Preset> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM preset WHERE name_key = LOWER(?)")) {
            ps.setString(1, name);
            List<Preset> found = presets(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static void refuseTaken(Connection c, String name) throws SQLException {
        Optional<Preset> taken = find(c, name);
        if (taken.isPresent()) {
            throw new StorageException("A preset named \"" + taken.get().name() + "\" already exists; choose another name.");
        }
    }

    private static void refuseBuiltin(Preset preset) {
        if (preset.builtin()) {
            throw new StorageException("\"" + preset.name()
                    + "\" is a built-in preset and cannot be changed; save your settings as a copy under a new name.");
        }
    }

    private static StorageException missing(String name) {
        return new StorageException("There is no preset named \"" + name + "\"; it may have been deleted in another window.");
    }

    private static List<Preset> presets(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return presets(ps);
        }
    }

    private static List<Preset> presets(PreparedStatement ps) throws SQLException {
        List<Preset> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new Preset(rs.getString("name"), rs.getString("description"),
                        SamplerSettingsJson.fromJson(rs.getString("settings_json")), rs.getBoolean("builtin")));
            }
        }
        return result;
    }
}
