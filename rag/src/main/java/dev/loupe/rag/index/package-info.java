/**
 * The on-disk Lucene index: chunks with BM25 text and HNSW vectors, file records committed with them, integrity
 * checks and the {@link dev.loupe.rag.index.IndexException} a damaged index raises. See
 * {@code docs/decisions/0001-documents-index-layout.md}.
 */
package dev.loupe.rag.index;
