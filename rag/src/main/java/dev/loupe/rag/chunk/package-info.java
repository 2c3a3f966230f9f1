/**
 * Cutting extracted documents into passages that fit the embedding model: fixed token windows, recursive
 * (sections, paragraphs, lines, sentences, words), document structure (headings) and semantic (embedding
 * similarity of neighbouring sentences), chosen per collection by {@link dev.loupe.rag.chunk.ChunkingSettings}.
 */
package dev.loupe.rag.chunk;
