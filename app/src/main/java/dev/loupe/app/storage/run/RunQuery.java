package dev.loupe.app.storage.run;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs to list. Every filter is optional; those given must all match. Build it from {@link #ALL}:
 * {@code RunQuery.ALL.since(monday).sources(RunSource.CHAT).text("timeout")}.
 *
 * @param since runs started at or after this instant
 * @param before runs started before this instant
 * @param sources runs from one of these sources; empty for any
 * @param modelId runs of exactly this model
 * @param text runs whose model id, prompt preview or error contains this text, ignoring case
 * @param limit at most this many runs, the newest first
 */
public record RunQuery(Optional<Instant> since, Optional<Instant> before, Set<RunSource> sources,
                       Optional<String> modelId, Optional<String> text, int limit) {
    /** Every run, up to the newest 10,000. */
    public static final RunQuery ALL = new RunQuery(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(),
            Optional.empty(), 10_000);

    public RunQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(before, "before");
        sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
        Objects.requireNonNull(modelId, "modelId");
        text = Objects.requireNonNull(text, "text").map(String::strip).filter(t -> !t.isEmpty());
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    public RunQuery since(Instant value) {
        return new RunQuery(Optional.of(value), before, sources, modelId, text, limit);
    }

    public RunQuery before(Instant value) {
        return new RunQuery(since, Optional.of(value), sources, modelId, text, limit);
    }

    public RunQuery sources(RunSource... values) {
        return new RunQuery(since, before, Set.copyOf(List.of(values)), modelId, text, limit);
    }

    public RunQuery model(String value) {
        return new RunQuery(since, before, sources, Optional.of(value), text, limit);
    }

    public RunQuery text(String value) {
        return new RunQuery(since, before, sources, modelId, Optional.of(value), limit);
    }

    public RunQuery limit(int value) {
        return new RunQuery(since, before, sources, modelId, text, value);
    }
}
