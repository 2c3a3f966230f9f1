package dev.loupe.rag.ingest;

import dev.loupe.rag.document.ExtractedDocument;

/** Plain text: the content unchanged (offsets are file offsets), titled by the file name. */
public final class PlainTextExtractor implements DocumentExtractor {
    @Override
    public ExtractedDocument extract(byte[] content, String fileName) {
        String text = TextDecoding.decode(content, fileName);
        return ExtractedDocument.plain(TextDecoding.stem(fileName), text);
    }
}
