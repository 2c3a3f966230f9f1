package dev.loupe.rag.answer;

import dev.loupe.inference.GenerationResult;
import dev.loupe.rag.search.Hit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an answer was made from, so nothing is hidden from the reader.
 *
 * @param question the question as asked
 * @param draft the HyDE draft that was embedded, empty in plain mode
 * @param retrieved every passage the search returned, best first
 * @param prompt the sourced prompt the model saw; its sources are the retrieved passages that fitted the context
 * @param result the generation, whose text is the answer
 * @param citations the {@code [n]} references found in the answer, in order
 */
public record AskAnswer(String question, Optional<String> draft, List<Hit> retrieved, SourcedPrompt prompt,
        GenerationResult result, List<Citation> citations) {
    public AskAnswer {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(draft, "draft");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(result, "result");
        retrieved = List.copyOf(retrieved);
        citations = List.copyOf(citations);
    }

    /** The answer's text. */
    public String text() {
        return result.text();
    }

    /** The numbered sources of the prompt. */
    public List<Source> sources() {
        return prompt.sources();
    }

    /** The sources the answer cites, in order of first citation. */
    public List<Source> citedSources() {
        return CitationPrompts.citedSources(result.text(), prompt.sources());
    }
}
