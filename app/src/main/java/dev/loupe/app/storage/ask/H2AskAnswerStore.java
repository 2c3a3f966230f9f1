package dev.loupe.app.storage.ask;

import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.conversation.MessageId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The records of Ask answers in table {@code ask_answer}: one JSON document per reply (written by the
 * desktop's {@code StoredAskRecords}), removed with its message. Thread-safe; blocks on disk I/O.
 */
public final class H2AskAnswerStore {
    /** Ids per query: enough for any branch, few enough for one statement. */
    private static final int BATCH = 200;

    private final Database db;

    public H2AskAnswerStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Stores the record of a reply, replacing an earlier one. */
    public void save(MessageId message, String recordJson) {
        Objects.requireNonNull(recordJson, "recordJson");
        db.transaction("save the sources of an answer", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "MERGE INTO ask_answer (message_id, record_json) KEY (message_id) VALUES (?, ?)")) {
                ps.setLong(1, message.value());
                ps.setString(2, recordJson);
                return ps.executeUpdate();
            }
        });
    }

    /** The stored records of those of {@code messages} that have one. */
    public Map<MessageId, String> find(Collection<MessageId> messages) {
        Map<MessageId, String> found = new LinkedHashMap<>();
        List<MessageId> ids = List.copyOf(messages);
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<MessageId> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            found.putAll(db.read("read the sources of answers", c -> {
                Map<MessageId, String> rows = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT message_id, record_json FROM ask_answer WHERE message_id IN (" + marks + ")")) {
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setLong(i + 1, batch.get(i).value());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.put(new MessageId(rs.getLong(1)), rs.getString(2));
                        }
                    }
                }
                return rows;
            }));
        }
        return found;
    }
}
