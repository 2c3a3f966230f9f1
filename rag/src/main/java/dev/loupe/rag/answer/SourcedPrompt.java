package dev.loupe.rag.answer;

import java.util.List;
import java.util.Objects;

/**
 * A question with numbered sources, ready for a chat model.
 *
 * @param system instructions: answer from the sources only, cite them as [n], say when they do not suffice
 * @param user the numbered sources followed by the question
 * @param sources what each number refers to, in order
 */
public record SourcedPrompt(String system, String user, List<Source> sources) {
    public SourcedPrompt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        sources = List.copyOf(sources);
    }
}
