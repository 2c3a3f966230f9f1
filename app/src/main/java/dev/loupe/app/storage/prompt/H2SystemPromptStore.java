package dev.loupe.app.storage.prompt;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SystemPromptStore} in the H2 {@link Database}, table {@code system_prompt}. Thread-safe: it holds no
 * state of its own besides the database and the clock.
 */
public final class H2SystemPromptStore implements SystemPromptStore {
    private static final int MAX_TEXT_CHARS = 1_000_000;

    private final Database db;
    private final Clock clock;

    public H2SystemPromptStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<SystemPrompt> list() {
        return db.read("list the system prompts", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, text, updated_at FROM system_prompt ORDER BY name_key")) {
                return prompts(ps);
            }
        });
    }

    @Override
    public Optional<SystemPrompt> find(String name) {
        String wanted = SystemPrompt.checkName(name);
        return db.read("load the system prompt", c -> find(c, wanted));
    }

    @Override
    public SystemPrompt save(String name, String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_CHARS) {
            throw new StorageException("The system prompt is too long to save (" + text.length()
                    + " characters; Loupe keeps at most " + MAX_TEXT_CHARS + ").");
        }
        SystemPrompt prompt = new SystemPrompt(name, text, now());
        return db.transaction("save the system prompt", c -> {
            if (find(c, prompt.name()).isPresent()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE system_prompt SET name = ?, text = ?, updated_at = ? WHERE name_key = LOWER(?)")) {
                    ps.setString(1, prompt.name());
                    ps.setString(2, prompt.text());
                    ps.setObject(3, prompt.updatedAt());
                    ps.setString(4, prompt.name());
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO system_prompt (name, text, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, prompt.name());
                    ps.setString(2, prompt.text());
                    ps.setObject(3, prompt.updatedAt());
                    ps.executeUpdate();
                }
            }
            return prompt;
        });
    }

    @Override
    public SystemPrompt rename(String name, String newName) {
        String oldName = SystemPrompt.checkName(name);
        String targetName = SystemPrompt.checkName(newName);
        Instant now = now();
        return db.transaction("rename the system prompt", c -> {
            SystemPrompt existing = find(c, oldName).orElseThrow(() -> new StorageException("There is no system prompt named \""
                    + oldName + "\"; it may have been deleted in another window."));
            if (!existing.name().equalsIgnoreCase(targetName)) {
                Optional<SystemPrompt> taken = find(c, targetName);
                if (taken.isPresent()) {
                    throw new StorageException("A system prompt named \"" + taken.get().name()
                            + "\" already exists; choose another name.");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE system_prompt SET name = ?, updated_at = ? WHERE name_key = LOWER(?)")) {
                ps.setString(1, targetName);
                ps.setObject(2, now);
                ps.setString(3, oldName);
                ps.executeUpdate();
            }
            return new SystemPrompt(targetName, existing.text(), now);
        });
    }

    @Override
    public void delete(String name) {
        String wanted = SystemPrompt.checkName(name);
        db.transaction("delete the system prompt", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM system_prompt WHERE name_key = LOWER(?)")) {
                ps.setString(1, wanted);
                return ps.executeUpdate();
            }
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Optional<SystemPrompt> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, text, updated_at FROM system_prompt WHERE name_key = LOWER(?)")) {
            ps.setString(1, name);
            List<SystemPrompt> found = prompts(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static List<SystemPrompt> prompts(PreparedStatement ps) throws SQLException {
        List<SystemPrompt> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new SystemPrompt(rs.getString(1), rs.getString(2), rs.getObject(3, Instant.class)));
            }
        }
        return result;
    }
}
