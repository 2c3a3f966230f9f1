package dev.loupe.app.storage.run;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.SamplerSettingsJson;
import dev.loupe.app.storage.conversation.MessageId;
import dev.loupe.inference.FinishReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RunLog} in the H2 {@link Database}, table {@code generation_run} (see {@code V3__runs.sql}). Start
 * times are kept to the millisecond. Thread-safe: it holds no state of its own besides the database.
 */
public final class H2RunLog implements RunLog {
    private static final String COLUMNS = "id, started_at, source, model_id, settings_json, seed, prompt_preview, "
            + "prompt_tokens, generated_tokens, ttft_millis, tokens_per_second, finish_reason, error, message_id";

    private final Database db;

    public H2RunLog(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public RunRecord record(Run run) {
        Objects.requireNonNull(run, "run");
        String settings = SamplerSettingsJson.toJson(run.settings());
        return db.transaction("record the run", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO generation_run (started_at, source, model_id, "
                    + "settings_json, seed, prompt_preview, prompt_tokens, generated_tokens, ttft_millis, "
                    + "tokens_per_second, finish_reason, error, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, run.startedAt().truncatedTo(ChronoUnit.MILLIS));
                ps.setString(2, run.source().name());
                ps.setString(3, run.modelId());
                ps.setString(4, settings);
                ps.setLong(5, run.seed());
                ps.setString(6, run.promptPreview());
                ps.setInt(7, run.promptTokens());
                ps.setInt(8, run.generatedTokens());
                ps.setLong(9, run.ttftMillis());
                ps.setDouble(10, run.tokensPerSecond());
                ps.setString(11, run.finishReason().map(Enum::name).orElse(null));
                ps.setString(12, run.error().orElse(null));
                ps.setObject(13, run.messageId().map(MessageId::value).orElse(null), Types.BIGINT);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    long id = keys.getLong(1);
                    return find(c, id).orElseThrow();
                }
            }
        });
    }

    @Override
    public Optional<RunRecord> find(long id) {
        return db.read("load the run", c -> find(c, id));
    }

    @Override
    public List<RunRecord> query(RunQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM generation_run WHERE TRUE");
        List<Object> params = new ArrayList<>();
        query.since().ifPresent(since -> {
            sql.append(" AND started_at >= ?");
            params.add(since);
        });
        query.before().ifPresent(before -> {
            sql.append(" AND started_at < ?");
            params.add(before);
        });
        if (!query.sources().isEmpty()) {
            sql.append(" AND source IN (").append("?, ".repeat(query.sources().size() - 1)).append("?)");
            query.sources().forEach(source -> params.add(source.name()));
        }
        query.modelId().ifPresent(model -> {
            sql.append(" AND model_id = ?");
            params.add(model);
        });
        query.text().ifPresent(text -> {
            String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (LOWER(model_id) LIKE ? ESCAPE '\\' OR LOWER(prompt_preview) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(error) LIKE ? ESCAPE '\\')");
            params.add(pattern);
            params.add(pattern);
            params.add(pattern);
        });
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        params.add(query.limit());
        return db.read("list the runs", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                return runs(ps);
            }
        });
    }

    @Override
    public int purgeBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return db.transaction("clear old runs", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM generation_run WHERE started_at < ?")) {
                ps.setObject(1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    private static Optional<RunRecord> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM generation_run WHERE id = ?")) {
            ps.setLong(1, id);
            List<RunRecord> found = runs(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
        }
    }

    private static List<RunRecord> runs(PreparedStatement ps) throws SQLException {
        List<RunRecord> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Long message = rs.getObject("message_id", Long.class);
                result.add(new RunRecord(rs.getLong("id"), new Run(
                        rs.getObject("started_at", Instant.class),
                        RunSource.valueOf(rs.getString("source")),
                        rs.getString("model_id"),
                        SamplerSettingsJson.fromJson(rs.getString("settings_json")),
                        rs.getLong("seed"),
                        rs.getString("prompt_preview"),
                        rs.getInt("prompt_tokens"),
                        rs.getInt("generated_tokens"),
                        rs.getLong("ttft_millis"),
                        rs.getDouble("tokens_per_second"),
                        Optional.ofNullable(rs.getString("finish_reason")).map(FinishReason::valueOf),
                        Optional.ofNullable(rs.getString("error")),
                        Optional.ofNullable(message).map(MessageId::new))));
            }
        }
        return result;
    }
}
