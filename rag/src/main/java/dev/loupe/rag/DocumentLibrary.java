package dev.loupe.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.document.SkippedFile;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.index.IndexException;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.ingest.CollectionIngestor;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.ingest.IngestProgress;
import dev.loupe.rag.ingest.IngestReport;
import dev.loupe.rag.search.HybridSearcher;
import dev.loupe.rag.search.SearchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The documents backend in one place: named collections of folders and files, their incremental indexing, the
 * skipped-files report and hybrid search, all kept under one folder ({@code $LOUPE_HOME/index}):
 * <pre>
 * collections.json   the collections' definitions (name, sources, chunking, size limit)
 * lucene/            one Lucene index for every collection (chunks + file records, see {@link LuceneIndex})
 * </pre>
 * The definitions live outside the index so that a damaged index can be rebuilt from the sources
 * ({@link #rebuild}).
 *
 * <p>Indexing is blocking and single-threaded per library (calls are serialised); searches may run concurrently
 * with it from other threads and see what has been committed. Close the library to release the index lock.
 */
public final class DocumentLibrary implements AutoCloseable {
    private static final String COLLECTIONS_FILE = "collections.json";
    private static final String INDEX_FOLDER = "lucene";

    private final Path root;
    private final Embedder embedder;
    private final LuceneIndex index;
    private final HybridSearcher searcher;
    private final IngestOptions options;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, CollectionSettings> collections;

    private DocumentLibrary(Path root, Embedder embedder, LuceneIndex index, IngestOptions options,
            Map<String, CollectionSettings> collections) {
        this.root = root;
        this.embedder = embedder;
        this.index = index;
        this.options = options;
        this.collections = collections;
        this.searcher = new HybridSearcher(index, embedder, SearchSettings.defaults());
    }

    /**
     * Opens (or creates) the library under {@code root}.
     *
     * @throws IndexException when the index is damaged ({@link #rebuild} repairs it), locked by another process,
     *     or the collection definitions cannot be read
     */
    public static DocumentLibrary open(Path root, Embedder embedder) {
        return open(root, embedder, IngestOptions.defaults());
    }

    /** As {@link #open(Path, Embedder)}, with explicit batching and commit options. */
    public static DocumentLibrary open(Path root, Embedder embedder, IngestOptions options) {
        Map<String, CollectionSettings> collections = readCollections(root);
        LuceneIndex index = LuceneIndex.open(root.resolve(INDEX_FOLDER), embedder.modelId(), embedder.dimensions());
        return new DocumentLibrary(root, embedder, index, options, collections);
    }

    /**
     * Throws the index away and opens an empty one; the collection definitions are kept, so indexing every
     * collection again ({@link #indexAll}) restores it from the source files. For a damaged index, or after
     * switching the embedding model.
     *
     * @throws IndexException when the old index cannot be deleted
     */
    public static DocumentLibrary rebuild(Path root, Embedder embedder, IngestOptions options) {
        Path folder = root.resolve(INDEX_FOLDER);
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new IndexException("The old document index at " + folder + " could not be deleted ("
                        + e.getMessage() + "); delete that folder by hand and try again.", e);
            }
        }
        return open(root, embedder, options);
    }

    public Path root() {
        return root;
    }

    public LuceneIndex index() {
        return index;
    }

    public HybridSearcher searcher() {
        return searcher;
    }

    /** Every collection, by name. */
    public synchronized List<CollectionSettings> collections() {
        return List.copyOf(collections.values());
    }

    public synchronized Optional<CollectionSettings> collection(String name) {
        return Optional.ofNullable(collections.get(name));
    }

    /**
     * Creates a collection or changes one. When the chunking changes, the collection's chunks are dropped so the
     * next {@link #index} cuts and embeds every file again.
     */
    public synchronized CollectionSettings saveCollection(CollectionSettings settings) {
        settings.chunking().newChunker(embedder); // fails now, with a clear sentence, when the size cannot fit
        CollectionSettings previous = collections.get(settings.name());
        if (previous != null && !previous.chunking().equals(settings.chunking())) {
            index.removeCollection(settings.name());
            index.commit();
        }
        collections.put(settings.name(), settings);
        writeCollections();
        return settings;
    }

    /** Removes a collection's definition and everything indexed for it. */
    public synchronized void deleteCollection(String name) {
        if (collections.remove(name) != null) {
            index.removeCollection(name);
            index.commit();
            writeCollections();
        }
    }

    /**
     * Indexes one collection incrementally; see {@link CollectionIngestor}.
     *
     * @throws IllegalArgumentException when no collection has that name
     */
    public synchronized IngestReport index(String name, Consumer<IngestProgress> progress, BooleanSupplier cancelled) {
        CollectionSettings settings = collection(name).orElseThrow(() -> new IllegalArgumentException(
                "There is no collection named '" + name + "'; create it by indexing a folder into it."));
        return new CollectionIngestor(index, embedder, options).ingest(settings, progress, cancelled);
    }

    /** Indexes every collection in name order; stops early when cancelled. */
    public synchronized List<IngestReport> indexAll(Consumer<IngestProgress> progress, BooleanSupplier cancelled) {
        List<IngestReport> reports = new ArrayList<>();
        for (CollectionSettings settings : collections.values()) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            reports.add(index(settings.name(), progress, cancelled));
        }
        return reports;
    }

    /** The file records of a collection: what is indexed, when, and what was skipped and why. */
    public List<FileRecord> files(String name) {
        index.refresh();
        return List.copyOf(index.files(name).values());
    }

    /** The files of a collection that are skipped, with their reasons, as of the last indexing run. */
    public List<SkippedFile> skipped(String name) {
        return files(name).stream().filter(FileRecord::skipped)
                .map(r -> new SkippedFile(r.path(), r.skipKind(), r.skipReason())).toList();
    }

    @Override
    public void close() {
        index.close();
    }

    /** The on-disk form of a collection definition. */
    record StoredCollection(String name, List<String> sources, String strategy, int maxTokens, int overlapTokens,
            double semanticBreakPercentile, long maxFileBytes) {
        static StoredCollection of(CollectionSettings s) {
            ChunkingSettings c = s.chunking();
            return new StoredCollection(s.name(), s.sources().stream().map(Path::toString).toList(),
                    c.strategy().name(), c.maxTokens(), c.overlapTokens(), c.semanticBreakPercentile(),
                    s.maxFileBytes());
        }

        CollectionSettings settings() {
            return new CollectionSettings(name, sources.stream().map(Path::of).toList(),
                    new ChunkingSettings(ChunkingStrategy.valueOf(strategy), maxTokens, overlapTokens,
                            semanticBreakPercentile), maxFileBytes);
        }
    }

    record StoredCollections(List<StoredCollection> collections) {}

    private static Map<String, CollectionSettings> readCollections(Path root) {
        Path file = root.resolve(COLLECTIONS_FILE);
        Map<String, CollectionSettings> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            StoredCollections stored = new ObjectMapper().readValue(file.toFile(), StoredCollections.class);
            for (StoredCollection c : stored.collections()) {
                out.put(c.name(), c.settings());
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IndexException("The collection list " + file + " cannot be read (" + e.getMessage()
                    + "); fix or delete that file and add the collections again.", e);
        }
    }

    private void writeCollections() {
        Path file = root.resolve(COLLECTIONS_FILE);
        try {
            Files.createDirectories(root);
            Path temp = Files.createTempFile(root, COLLECTIONS_FILE, ".tmp");
            json.writeValue(temp.toFile(),
                    new StoredCollections(collections.values().stream().map(StoredCollection::of).toList()));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IndexException("The collection list " + file + " could not be saved (" + e.getMessage()
                    + "); check the free disk space and permissions.", e);
        }
    }
}
