package dev.loupe.rag.answer;

import dev.loupe.rag.index.Passage;
import java.util.Objects;

/**
 * A passage as numbered in a prompt: the model cites it as {@code [number]}.
 *
 * @param number 1-based
 * @param passage the passage, with file, page and offsets
 */
public record Source(int number, Passage passage) {
    public Source {
        Objects.requireNonNull(passage, "passage");
        if (number < 1) {
            throw new IllegalArgumentException("Sources are numbered from 1, got " + number);
        }
    }
}
