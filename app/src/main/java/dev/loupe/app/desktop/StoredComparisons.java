package dev.loupe.app.desktop;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.StorageException;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.lab.ArenaJudge;
import dev.loupe.inference.lab.JudgeVerdict;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.ui.compare.ColumnSetup;
import dev.loupe.ui.compare.ComparisonRepository;
import dev.loupe.ui.compare.ComparisonSummary;
import dev.loupe.ui.compare.ModelChoice;
import dev.loupe.ui.compare.SavedColumn;
import dev.loupe.ui.compare.SavedComparison;
import dev.loupe.ui.compare.SavedVerdict;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Compare workspace's {@link ComparisonRepository} in the H2 {@link Database}, tables {@code comparison} and
 * {@code comparison_column} (see {@code V6__comparisons.sql}); sampler settings are stored as Loupe's settings JSON.
 * A small translation of records to rows with nothing to share with the other stores, so it talks to the database
 * itself (decision 0045). Thread-safe: no state besides the database.
 */
public final class StoredComparisons implements ComparisonRepository {
    private static final String HEADER = "id, created_at, prompt, max_new_tokens, seed_locked, judge_model, judge_criteria, "
            + "judge_winner, judge_reason, judge_output, judge_shortened";

    private final Database db;

    public StoredComparisons(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public SavedComparison save(Instant createdAt, String prompt, int maxNewTokens, boolean seedLocked, List<SavedColumn> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a saved comparison has at least one column that ran");
        }
        Instant at = createdAt.truncatedTo(ChronoUnit.MILLIS);
        long id = db.transaction("save the comparison", c -> {
            long created;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO comparison (created_at, prompt, max_new_tokens, seed_locked) "
                    + "VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, at.atOffset(ZoneOffset.UTC));
                ps.setString(2, prompt);
                ps.setInt(3, maxNewTokens);
                ps.setBoolean(4, seedLocked);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    created = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO comparison_column (comparison_id, position, model_name, model_dir, "
                    + "preset_name, settings_json, seed, answer, finish_reason, prompt_tokens, ttft_millis, tokens_per_second, mean_logprob, "
                    + "perplexity, distinct_1, distinct_2, generated_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SavedColumn column : columns) {
                    ColumnSetup setup = column.setup();
                    RunMetrics m = column.metrics();
                    ps.setLong(1, created);
                    ps.setInt(2, column.position());
                    ps.setString(3, setup.model().name());
                    ps.setString(4, setup.model().dir().toString());
                    ps.setString(5, setup.presetName());
                    ps.setString(6, SamplerSettingsJson.toJson(setup.settings()));
                    ps.setLong(7, setup.seed());
                    ps.setString(8, column.answer());
                    ps.setString(9, column.finishReason().name());
                    ps.setInt(10, column.promptTokens());
                    ps.setDouble(11, m.ttftMillis());
                    ps.setDouble(12, m.decodeTokensPerSecond());
                    ps.setDouble(13, m.meanLogProbability());
                    ps.setDouble(14, m.perplexity());
                    ps.setDouble(15, m.distinct1());
                    ps.setDouble(16, m.distinct2());
                    ps.setInt(17, m.length());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return created;
        });
        return new SavedComparison(id, at, prompt, maxNewTokens, seedLocked, columns, Optional.empty());
    }

    @Override
    public void saveVerdict(long id, SavedVerdict verdict) {
        JudgeVerdict v = verdict.verdict();
        db.transaction("save the judge's verdict", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE comparison SET judge_model = ?, judge_criteria = ?, judge_winner = ?, "
                    + "judge_reason = ?, judge_output = ?, judge_shortened = ? WHERE id = ?")) {
                ps.setString(1, verdict.judgeModel());
                ps.setString(2, verdict.criteria());
                ps.setInt(3, v.winner());
                ps.setString(4, v.reason());
                ps.setString(5, v.output());
                ps.setBoolean(6, v.shortened());
                ps.setLong(7, id);
                if (ps.executeUpdate() != 1) {
                    throw new StorageException("The comparison " + id + " is gone; its verdict cannot be saved.");
                }
                return null;
            }
        });
    }

    @Override
    public List<ComparisonSummary> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return db.read("list the comparisons", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.created_at, c.prompt, c.judge_winner, "
                    + "(SELECT COUNT(*) FROM comparison_column k WHERE k.comparison_id = c.id) AS columns "
                    + "FROM comparison c ORDER BY c.created_at DESC, c.id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<ComparisonSummary> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int winner = rs.getInt("judge_winner");
                        Optional<String> label = rs.wasNull() ? Optional.empty() : Optional.of(ArenaJudge.label(winner));
                        found.add(new ComparisonSummary(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                                rs.getString("prompt"), rs.getInt("columns"), label));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public Optional<SavedComparison> find(long id) {
        return db.read("load the comparison", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HEADER + " FROM comparison WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Optional<SavedVerdict> verdict = Optional.empty();
                    int winner = rs.getInt("judge_winner");
                    if (!rs.wasNull()) {
                        verdict = Optional.of(new SavedVerdict(rs.getString("judge_model"), rs.getString("judge_criteria"),
                                new JudgeVerdict(winner, rs.getString("judge_reason"), rs.getString("judge_output"), rs.getBoolean("judge_shortened"))));
                    }
                    return Optional.of(new SavedComparison(id, rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("prompt"),
                            rs.getInt("max_new_tokens"), rs.getBoolean("seed_locked"), columns(c, id), verdict));
                }
            }
        });
    }

    private static List<SavedColumn> columns(Connection c, long id) throws SQLException {
        List<SavedColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM comparison_column WHERE comparison_id = ? ORDER BY position")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ColumnSetup setup = new ColumnSetup(new ModelChoice(rs.getString("model_name"), Path.of(rs.getString("model_dir"))),
                            rs.getString("preset_name"), SamplerSettingsJson.fromJson(rs.getString("settings_json")), rs.getLong("seed"));
                    RunMetrics metrics = new RunMetrics(rs.getDouble("ttft_millis"), rs.getDouble("tokens_per_second"), rs.getDouble("mean_logprob"),
                            rs.getDouble("perplexity"), rs.getDouble("distinct_1"), rs.getDouble("distinct_2"), rs.getInt("generated_tokens"));
                    columns.add(new SavedColumn(rs.getInt("position"), setup, rs.getString("answer"), FinishReason.valueOf(rs.getString("finish_reason")),
                            rs.getInt("prompt_tokens"), metrics));
                }
            }
        }
        return columns;
    }

    @Override
    public boolean delete(long id) {
        return db.transaction("delete the comparison", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM comparison WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
