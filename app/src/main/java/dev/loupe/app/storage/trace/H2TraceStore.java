package dev.loupe.app.storage.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.StepRecord;
import dev.loupe.agents.run.StopReason;
import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@link TraceStore} in the H2 {@link Database}, tables {@code agent_trace} and {@code agent_trace_step} (see
 * {@code V4__agent_traces.sql}). Arguments are stored as JSON text. Thread-safe: no state besides the database.
 */
public final class H2TraceStore implements TraceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "id, started_at, model_id, task, tools, max_steps, seed, stop_reason, answer, "
            + "total_millis";

    private final Database db;

    public H2TraceStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public long start(TraceHeader header) {
        return db.transaction("start the agent trace", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_trace (started_at, model_id, task, tools, "
                    + "max_steps, seed) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setObject(1, header.startedAt().truncatedTo(ChronoUnit.MILLIS));
                ps.setString(2, header.modelId());
                ps.setString(3, header.task());
                ps.setString(4, String.join(",", header.tools()));
                ps.setInt(5, header.maxSteps());
                ps.setLong(6, header.seed());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public void appendStep(long traceId, StepRecord step) {
        String arguments = step.arguments() == null ? null : step.arguments().toString();
        db.transaction("save the agent step", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_trace_step (trace_id, step, prompt, "
                    + "raw_output, thought, tool, arguments_json, answer, observation, prompt_tokens, generated_tokens, "
                    + "generation_millis, tool_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, traceId);
                ps.setInt(2, step.step());
                ps.setString(3, step.prompt());
                ps.setString(4, step.rawOutput());
                ps.setString(5, step.thought());
                ps.setString(6, step.tool());
                ps.setString(7, arguments);
                ps.setString(8, step.answer());
                ps.setString(9, step.observation());
                ps.setInt(10, step.promptTokens());
                ps.setInt(11, step.generatedTokens());
                ps.setDouble(12, step.generationMillis());
                ps.setDouble(13, step.toolMillis());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void finish(long traceId, AgentResult result) {
        db.transaction("finish the agent trace", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE agent_trace SET stop_reason = ?, answer = ?, total_millis = ? WHERE id = ?")) {
                ps.setString(1, result.stopReason().name());
                ps.setString(2, result.answer().orElse(null));
                ps.setDouble(3, result.totalMillis());
                ps.setLong(4, traceId);
                if (ps.executeUpdate() != 1) {
                    throw new StorageException("The agent trace " + traceId + " is gone; it cannot be finished.");
                }
                return null;
            }
        });
    }

    @Override
    public void saveSetup(long traceId, AgentRunSetup setup) {
        String json = JSON.valueToTree(setup).toString();
        db.transaction("save the agent run's setup", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agent_trace SET setup_json = ? WHERE id = ?")) {
                ps.setString(1, json);
                ps.setLong(2, traceId);
                if (ps.executeUpdate() != 1) {
                    throw new StorageException("The agent trace " + traceId + " is gone; its setup cannot be saved.");
                }
                return null;
            }
        });
    }

    @Override
    public Optional<AgentRunSetup> setup(long traceId) {
        String json = db.read("load the agent run's setup", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setup_json FROM agent_trace WHERE id = ?")) {
                ps.setLong(1, traceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, AgentRunSetup.class));
        } catch (JsonProcessingException e) {
            throw new StorageException("A stored agent run has an unreadable setup; it cannot be run again.", e);
        }
    }

    @Override
    public Optional<Trace> find(long traceId) {
        return db.read("load the agent trace", c -> {
            Optional<Trace> header;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HEADER + " FROM agent_trace WHERE id = ?")) {
                ps.setLong(1, traceId);
                header = traces(ps).stream().findFirst();
            }
            if (header.isEmpty()) {
                return header;
            }
            Trace trace = header.get();
            return Optional.of(new Trace(trace.id(), trace.header(), trace.stopReason(), trace.answer(),
                    trace.totalMillis(), steps(c, traceId)));
        });
    }

    @Override
    public List<Trace> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return db.read("list the agent traces", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + HEADER
                    + " FROM agent_trace ORDER BY started_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                return traces(ps);
            }
        });
    }

    @Override
    public boolean delete(long traceId) {
        return db.transaction("delete the agent trace", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_trace WHERE id = ?")) {
                ps.setLong(1, traceId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static List<Trace> traces(PreparedStatement ps) throws SQLException {
        List<Trace> traces = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String tools = rs.getString("tools");
                TraceHeader header = new TraceHeader(rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                        rs.getString("model_id"), rs.getString("task"),
                        tools.isEmpty() ? List.of() : Arrays.asList(tools.split(",")), rs.getInt("max_steps"),
                        rs.getLong("seed"));
                String stop = rs.getString("stop_reason");
                double total = rs.getDouble("total_millis");
                OptionalDouble totalMillis = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(total);
                traces.add(new Trace(rs.getLong("id"), header,
                        Optional.ofNullable(stop).map(StopReason::valueOf), Optional.ofNullable(rs.getString("answer")),
                        totalMillis, List.of()));
            }
        }
        return traces;
    }

    private static List<StepRecord> steps(Connection c, long traceId) throws SQLException {
        List<StepRecord> steps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM agent_trace_step WHERE trace_id = ? ORDER BY step")) {
            ps.setLong(1, traceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(new StepRecord(rs.getInt("step"), rs.getString("prompt"), rs.getString("raw_output"),
                            rs.getString("thought"), rs.getString("tool"), json(rs.getString("arguments_json")),
                            rs.getString("answer"), rs.getString("observation"), rs.getInt("prompt_tokens"),
                            rs.getInt("generated_tokens"), rs.getDouble("generation_millis"),
                            rs.getDouble("tool_millis")));
                }
            }
        }
        return steps;
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StorageException("A stored agent step has unreadable arguments; the trace cannot be shown.", e);
        }
    }
}
