package dev.loupe.rag.answer;

import dev.loupe.inference.GenerationRequest;
import dev.loupe.rag.index.SearchFilter;
import java.util.Objects;

/**
 * One question for {@link AskPipeline}.
 *
 * @param question the user's question, not blank
 * @param k how many passages to retrieve, at least 1
 * @param mode plain retrieval or HyDE
 * @param filter the collections to search in
 * @param generation sampler, seed, token budget and stop strings for the answer; its prompt is replaced by the
 *     sourced prompt (and, for HyDE, by the draft prompt while drafting)
 */
public record AskRequest(String question, int k, AskMode mode, SearchFilter filter, GenerationRequest generation) {
    public AskRequest {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(generation, "generation");
        if (question.isBlank()) {
            throw new IllegalArgumentException("Ask a question; it is empty.");
        }
        if (k < 1) {
            throw new IllegalArgumentException("Retrieve at least one passage, got k = " + k + ".");
        }
    }
}
