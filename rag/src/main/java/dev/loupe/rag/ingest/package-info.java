/**
 * From files to the index: extraction per format (text, Markdown, HTML, PDF, DOCX), incremental indexing of a
 * collection by content hash with progress, cancellation and skip reasons
 * ({@link dev.loupe.rag.ingest.CollectionIngestor}), and the batching writer behind it
 * ({@link dev.loupe.rag.ingest.DocumentIndexer}).
 */
package dev.loupe.rag.ingest;
