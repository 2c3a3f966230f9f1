package dev.loupe.ui.runs;

import java.util.Objects;

/** A run as the log holds it, with its id; ids grow in the order runs were recorded. */
public record RunEntry(long id, NewRun run) {
    public RunEntry {
        Objects.requireNonNull(run, "run");
    }
}
