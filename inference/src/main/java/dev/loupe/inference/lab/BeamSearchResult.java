package dev.loupe.inference.lab;

import dev.loupe.inference.GenerationResult;
import java.util.List;

/**
 * The outcome of a beam search.
 *
 * @param beams the best hypotheses, best first (as many as asked for, fewer if fewer finished)
 * @param best the first beam as a generation result, with the search's timings: its time to first token is the
 *     time until the whole search was done, since no token is final before
 */
public record BeamSearchResult(List<Beam> beams, GenerationResult best) {
    public BeamSearchResult {
        beams = List.copyOf(beams);
        if (beams.isEmpty()) {
            throw new IllegalArgumentException("a beam search returns at least one beam");
        }
    }
}
