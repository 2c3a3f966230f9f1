package dev.loupe.rag.answer;

import java.util.Optional;

/**
 * One {@code [n]} reference found in an answer.
 *
 * @param number the cited number
 * @param source the source it refers to, empty when the model cited a number it was not given
 * @param answerStart UTF-16 offset of the bracket group in the answer (e.g. of "[2, 3]")
 * @param answerEnd offset after its closing bracket
 */
public record Citation(int number, Optional<Source> source, int answerStart, int answerEnd) {
    public Citation {
        if (answerStart < 0 || answerEnd <= answerStart) {
            throw new IllegalArgumentException("A citation needs 0 <= start < end");
        }
    }

    /** Whether the number matches a source of the prompt. */
    public boolean valid() {
        return source.isPresent();
    }
}
