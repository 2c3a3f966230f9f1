/**
 * Lexical, dense and hybrid search over the index: reciprocal rank fusion and min-max score fusion, per-retriever
 * scores and highlighted query terms on every hit.
 */
package dev.loupe.rag.search;
