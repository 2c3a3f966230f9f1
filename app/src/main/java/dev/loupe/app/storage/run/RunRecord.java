package dev.loupe.app.storage.run;

import java.util.Objects;

/** A {@link Run} as the log holds it, with its id (ids grow in the order runs were recorded). */
public record RunRecord(long id, Run run) {
    public RunRecord {
        if (id <= 0) {
            throw new IllegalArgumentException("run ids are positive, got " + id);
        }
        Objects.requireNonNull(run, "run");
    }
}
