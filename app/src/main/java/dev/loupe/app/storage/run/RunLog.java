package dev.loupe.app.storage.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The log of every generation Loupe runs, for the runs view and for export. Call {@link #record} once per
 * generation, when it finished or failed.
 *
 * <p>Every method is one transaction. Implementations are thread-safe and block on disk I/O, so call them off
 * the JavaFX thread (and off the inference thread, which must not wait for the disk).
 */
public interface RunLog {

    /** Adds a run; it is on disk when this returns. */
    RunRecord record(Run run);

    Optional<RunRecord> find(long id);

    /** The runs matching every filter of {@code query}, the newest first. */
    List<RunRecord> query(RunQuery query);

    /**
     * Removes the runs that started before {@code cutoff}.
     *
     * @return how many were removed
     */
    int purgeBefore(Instant cutoff);
}
