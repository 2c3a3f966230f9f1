package dev.loupe.rag.chunk;

import dev.loupe.rag.document.ExtractedDocument;
import java.util.List;

/**
 * Splits a document into passages small enough for the embedding model and meaningful enough to cite.
 *
 * <p>Contract shared by every strategy: spans are in ascending start order, lie inside one page of the document
 * (a citation names one page), start and end on non-whitespace, and hold at most the configured number of tokens
 * as counted by the embedding model's tokenizer. Spans may overlap only where the strategy says so. An empty or
 * blank document gives no spans. Implementations are stateless and thread-safe.
 */
public interface Chunker {

    /** Splits {@code document}; never returns null. */
    List<ChunkSpan> chunk(ExtractedDocument document);
}
