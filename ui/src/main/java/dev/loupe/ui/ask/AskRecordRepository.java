package dev.loupe.ui.ask;

import java.util.Collection;
import java.util.Map;

/**
 * Where Ask answers keep what they were made from, next to the conversation's messages. The composition root
 * implements it over the app's database. Blocks on disk I/O: call it on the storage lane.
 */
public interface AskRecordRepository {

    /** Stores the record of the reply {@code messageId}, replacing one stored before. */
    void save(long messageId, AskRecord record);

    /** The records of those of {@code messageIds} that are Ask answers. */
    Map<Long, AskRecord> find(Collection<Long> messageIds);
}
