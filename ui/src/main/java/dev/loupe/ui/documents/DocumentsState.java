package dev.loupe.ui.documents;

/** What the documents workspace is doing. */
public enum DocumentsState {
    /** The library is being opened (the embedding model loads). */
    OPENING,
    IDLE,
    /** A collection is being indexed; progress is shown and the run can be cancelled. */
    INDEXING,
    /** Cancel was asked; the run stops after the file it is on. */
    CANCELLING,
    SEARCHING,
    ERROR
}
