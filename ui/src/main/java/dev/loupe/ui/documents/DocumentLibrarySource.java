package dev.loupe.ui.documents;

import dev.loupe.rag.DocumentLibrary;

/**
 * Where the documents workspace gets its library. The app opens it on first use (the embedding model loads in a
 * second or two) and keeps the one instance, since the index takes a write lock.
 */
public interface DocumentLibrarySource {

    /** The library, opened on the first call. Blocks; never call on the UI thread. */
    DocumentLibrary library();
}
