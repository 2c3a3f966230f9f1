package dev.loupe.rag.index;

import dev.loupe.rag.document.FileType;
import java.util.List;
import java.util.Objects;

/**
 * One indexed chunk with everything a citation needs to point at it.
 *
 * @param collection the collection the file belongs to
 * @param source the source file's absolute path (or, for imported corpora, the document id)
 * @param fileType the source's format
 * @param title the document's title
 * @param headingPath the headings above the chunk, outermost first
 * @param page 1-based page of the chunk's start, 0 for formats without pages
 * @param startChar UTF-16 offset of the chunk in the document's extracted text (the file itself for .txt/.md)
 * @param endChar offset after the chunk's end (exclusive)
 * @param chunkIndex position of the chunk in its document, from 0
 * @param text the chunk's text, exactly {@code extractedText.substring(startChar, endChar)}
 */
public record Passage(String collection, String source, FileType fileType, String title, List<String> headingPath,
        int page, int startChar, int endChar, int chunkIndex, String text) {
    public Passage {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        headingPath = List.copyOf(headingPath);
        if (page < 0 || startChar < 0 || endChar < startChar || chunkIndex < 0) {
            throw new IllegalArgumentException("Invalid passage position: page " + page + ", chars " + startChar
                    + ".." + endChar + ", chunk " + chunkIndex);
        }
    }

    /** A stable identifier of this chunk inside the index: collection, source and chunk number. */
    public String id() {
        return LuceneIndex.fileKey(collection, source) + "#" + chunkIndex;
    }

    /** "file.pdf, p. 3, Methods > Sampling" style label for UIs and prompts. */
    public String location() {
        String name = source.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        StringBuilder s = new StringBuilder(name);
        if (page > 0) {
            s.append(", p. ").append(page);
        }
        if (!headingPath.isEmpty()) {
            s.append(", ").append(String.join(" > ", headingPath));
        }
        return s.toString();
    }
}
