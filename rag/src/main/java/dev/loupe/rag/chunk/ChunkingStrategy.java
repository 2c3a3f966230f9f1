package dev.loupe.rag.chunk;

/** How a collection's documents are cut into chunks. */
public enum ChunkingStrategy {
    /** Windows of a fixed number of tokens that overlap by a fixed number. */
    FIXED,
    /** Sections, then paragraphs, lines, sentences and words, until each piece fits; small neighbours merged. */
    RECURSIVE,
    /** One chunk per heading section; sections too large are split recursively. */
    STRUCTURE,
    /** Sentences grouped until the embedding similarity of neighbouring sentences drops. */
    SEMANTIC
}
