package dev.loupe.ui.compare;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The comparisons the Compare workspace keeps, so that they can be reopened and run again. The composition root
 * implements it over the app's storage.
 *
 * <p>Methods block on disk I/O: call them on the {@link dev.loupe.ui.task.TaskRunner.Lane#STORAGE} lane. Failures
 * are {@link dev.loupe.inference.LoupeException}s whose message can be shown as it is.
 */
public interface ComparisonRepository {

    /** Stores a comparison that ran (at least one column); returns it with its id. */
    SavedComparison save(Instant createdAt, String prompt, int maxNewTokens, boolean seedLocked, List<SavedColumn> columns);

    /** Records the judge's verdict with comparison {@code id}, replacing an earlier one. */
    void saveVerdict(long id, SavedVerdict verdict);

    /** The newest comparisons first, at most {@code limit}. */
    List<ComparisonSummary> list(int limit);

    Optional<SavedComparison> find(long id);

    /** Removes it; returns whether it existed. */
    boolean delete(long id);
}
