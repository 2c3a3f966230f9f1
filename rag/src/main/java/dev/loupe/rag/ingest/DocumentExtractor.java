package dev.loupe.rag.ingest;

import dev.loupe.rag.document.ExtractedDocument;

/**
 * Reads the text and landmarks (headings, pages) out of one document format.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface DocumentExtractor {

    /**
     * Extracts a document from its bytes.
     *
     * @param content the whole file
     * @param fileName the file's name, used for the title when the document has none
     * @throws ExtractionException when the content is corrupt, encrypted, binary or has no text
     */
    ExtractedDocument extract(byte[] content, String fileName);
}
