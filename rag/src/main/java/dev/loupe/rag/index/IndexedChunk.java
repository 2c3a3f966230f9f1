package dev.loupe.rag.index;

import java.util.Objects;

/**
 * A passage with its embedding, ready to be written.
 *
 * @param passage the chunk and its location
 * @param vector the unit-length embedding; {@code float[dimensions]}
 */
public record IndexedChunk(Passage passage, float[] vector) {
    public IndexedChunk {
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(vector, "vector");
    }
}
