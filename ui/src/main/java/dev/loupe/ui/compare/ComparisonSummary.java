package dev.loupe.ui.compare;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A saved comparison as the list shows it.
 *
 * @param id its id in the repository
 * @param createdAt when it ran
 * @param prompt its prompt
 * @param columns how many columns ran
 * @param winner the judge's winner ("B"), if judged
 */
public record ComparisonSummary(long id, Instant createdAt, String prompt, int columns, Optional<String> winner) {
    public ComparisonSummary {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(winner, "winner");
    }
}
