package dev.loupe.app.desktop;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.ui.documents.DocumentLibrarySource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The desktop app's one documents library, opened the first time the documents workspace asks for it: the
 * embedding model takes a second or two to load, which the app need not pay at start. Thread-safe.
 */
public final class LazyDocumentLibrary implements DocumentLibrarySource, AutoCloseable {
    private final Path root;
    private OnnxBgeEmbedder embedder;
    private DocumentLibrary library;

    /** @param root the library folder, e.g. {@code AppPaths.indexes()} */
    public LazyDocumentLibrary(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    @Override
    public synchronized DocumentLibrary library() {
        if (library == null) {
            OnnxBgeEmbedder loaded = OnnxBgeEmbedder.load();
            try {
                library = DocumentLibrary.open(root, loaded);
            } catch (RuntimeException e) {
                loaded.close();
                throw e;
            }
            embedder = loaded;
        }
        return library;
    }

    /** The embedding model when the library has been opened; never loads it. */
    public synchronized Optional<Embedder> embedderIfOpen() {
        return Optional.ofNullable(embedder);
    }

    /** Closes the library and the embedder if they were opened. */
    @Override
    public synchronized void close() {
        if (library != null) {
            library.close();
            embedder.close();
            library = null;
            embedder = null;
        }
    }
}
