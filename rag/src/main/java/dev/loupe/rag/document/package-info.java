/**
 * The document model every stage shares: a file's type, its extracted text with headings and pages, and why a file
 * was skipped. Depends on nothing else in Loupe, so extraction, chunking and indexing can all use it.
 */
package dev.loupe.rag.document;
