package dev.loupe.rag.ingest;

import dev.loupe.rag.document.FileType;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.SkipKind;
import java.util.EnumMap;
import java.util.Map;

/** Picks the extractor for a file's {@link FileType}. Thread-safe. */
public final class FileTypeExtractor {
    private final Map<FileType, DocumentExtractor> extractors = new EnumMap<>(FileType.class);

    public FileTypeExtractor() {
        extractors.put(FileType.TEXT, new PlainTextExtractor());
        extractors.put(FileType.MARKDOWN, new MarkdownExtractor());
        extractors.put(FileType.HTML, new HtmlExtractor());
        extractors.put(FileType.PDF, new PdfExtractor());
        extractors.put(FileType.DOCX, new DocxExtractor());
    }

    /**
     * Extracts {@code content} as {@code type}.
     *
     * @throws ExtractionException when the file cannot be used; {@link SkipKind#EMPTY} when it has no text
     */
    public ExtractedDocument extract(FileType type, byte[] content, String fileName) {
        if (content.length == 0) {
            throw new ExtractionException(SkipKind.EMPTY, fileName + " is empty.");
        }
        ExtractedDocument document = extractors.get(type).extract(content, fileName);
        if (document.text().isBlank()) {
            throw new ExtractionException(SkipKind.EMPTY, fileName + " contains no text.");
        }
        return document;
    }
}
