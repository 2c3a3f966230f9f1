package dev.loupe.rag.document;

/** Why a file was left out of a collection. */
public enum SkipKind {
    /** Larger than the collection's size limit. */
    TOO_LARGE,
    /** The file could not be read: permissions, a dangling link, an I/O error. */
    UNREADABLE,
    /** The content is damaged or not what the extension says. */
    CORRUPT,
    /** Password-protected, or its permissions forbid extracting text. */
    ENCRYPTED,
    /** Binary content under a text extension. */
    BINARY,
    /** Readable but without any text (an empty file, a scanned PDF without a text layer). */
    EMPTY,
    /** An extension Loupe does not read, named explicitly. */
    UNSUPPORTED
}
