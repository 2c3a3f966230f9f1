package dev.loupe.ui.compare;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A comparison as stored: the prompt, every column that ran with its answer and figures, and the judge's verdict.
 *
 * @param id its id in the repository
 * @param createdAt when it ran
 * @param prompt what every column continued
 * @param maxNewTokens the limit each column had
 * @param seedLocked whether every column used the same seed
 * @param columns the columns that ran, by position
 * @param verdict the judge's verdict, if one was asked for
 */
public record SavedComparison(long id, Instant createdAt, String prompt, int maxNewTokens, boolean seedLocked, List<SavedColumn> columns,
                              Optional<SavedVerdict> verdict) {
    public SavedComparison {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(prompt, "prompt");
        columns = List.copyOf(columns);
        Objects.requireNonNull(verdict, "verdict");
    }
}
