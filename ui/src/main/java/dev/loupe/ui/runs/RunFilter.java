package dev.loupe.ui.runs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which runs to list; every filter given must match.
 *
 * @param origin runs from this part of Loupe
 * @param modelId runs of exactly this model
 * @param text runs whose model, prompt or error contains this text, ignoring case; blank for any
 * @param since runs started at or after this instant
 */
public record RunFilter(Optional<RunOrigin> origin, Optional<String> modelId, String text, Optional<Instant> since) {
    public static final RunFilter ALL = new RunFilter(Optional.empty(), Optional.empty(), "", Optional.empty());

    public RunFilter {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(modelId, "modelId");
        text = text == null ? "" : text.strip();
        Objects.requireNonNull(since, "since");
    }
}
