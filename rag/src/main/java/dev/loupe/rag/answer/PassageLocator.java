package dev.loupe.rag.answer;

import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.index.IndexException;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.ingest.FileTypeExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Opens the document a cited passage came from and finds the passage in it again, so a reader can see it in
 * context: the document is extracted the way indexing extracted it, so the passage's offsets point into the same
 * text. For PDFs the context is the passage's page. A document edited since indexing is searched for the
 * passage's text; when it is gone, the indexed text is shown alone and says so. Blocks on file I/O; thread-safe.
 */
public final class PassageLocator {
    private final FileTypeExtractor extractor = new FileTypeExtractor();

    /**
     * @throws IndexException with one sentence when the file is gone or unreadable
     */
    public LocatedPassage locate(Passage passage) {
        Objects.requireNonNull(passage, "passage");
        Path file = Path.of(passage.source());
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IndexException("The file " + file + " is no longer there; index its collection again to drop it.", e);
        } catch (IOException e) {
            throw new IndexException("The file " + file + " cannot be read (" + e.getMessage() + ").", e);
        }
        ExtractedDocument document = extractor.extract(passage.fileType(), content, fileName(file));
        String text = document.text();
        int start = passage.startChar();
        LocatedPassage.Match match = LocatedPassage.Match.EXACT;
        if (passage.endChar() > text.length() || !text.substring(start, passage.endChar()).equals(passage.text())) {
            start = text.indexOf(passage.text());
            match = start < 0 ? LocatedPassage.Match.GONE : LocatedPassage.Match.MOVED;
        }
        if (match == LocatedPassage.Match.GONE) {
            return new LocatedPassage(passage, passage.text(), 0, passage.text().length(), passage.page(),
                    document.pageStarts().size(), match);
        }
        int end = start + passage.text().length();
        List<Integer> pages = document.pageStarts();
        if (pages.isEmpty()) {
            return new LocatedPassage(passage, text, start, end, 0, 0, match);
        }
        int page = document.pageAt(start);
        int pageStart = pages.get(page - 1);
        int pageEnd = page < pages.size() ? pages.get(page) : text.length();
        // Chunks never cross a page (ExtractedDocument.pageRegions), so the passage lies inside its page.
        String pageText = text.substring(pageStart, Math.max(pageEnd, end));
        return new LocatedPassage(passage, pageText, start - pageStart, end - pageStart, page, pages.size(), match);
    }

    private static String fileName(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }
}
