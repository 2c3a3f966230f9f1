package dev.loupe.rag.document;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The document formats Loupe reads, recognised by file extension. */
public enum FileType {
    TEXT("txt"),
    MARKDOWN("md"),
    HTML("html"),
    PDF("pdf"),
    DOCX("docx");

    private final String extension;

    FileType(String extension) {
        this.extension = extension;
    }

    /** The canonical extension, lower case and without the dot. */
    public String extension() {
        return extension;
    }

    /** The type of {@code file} by its extension (case-insensitive; .htm and .markdown count too), if supported. */
    public static Optional<FileType> of(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String s = name.toString().toLowerCase(Locale.ROOT);
        int dot = s.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return switch (s.substring(dot + 1)) {
            case "txt", "text" -> Optional.of(TEXT);
            case "md", "markdown" -> Optional.of(MARKDOWN);
            case "html", "htm" -> Optional.of(HTML);
            case "pdf" -> Optional.of(PDF);
            case "docx" -> Optional.of(DOCX);
            default -> Optional.empty();
        };
    }

    /** Parses a user-typed type name or extension such as {@code pdf} or {@code MARKDOWN}. */
    public static FileType parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (FileType t : values()) {
            if (t.extension.equals(v) || t.name().toLowerCase(Locale.ROOT).equals(v)) {
                return t;
            }
        }
        return of(Path.of("x." + v)).orElseThrow(() -> new IllegalArgumentException(
                "Unknown file type '" + value + "'; use one of txt, md, html, pdf, docx."));
    }
}
