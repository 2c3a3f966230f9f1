package dev.loupe.rag.index;

import dev.loupe.rag.document.FileType;
import dev.loupe.rag.document.SkipKind;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The on-disk index of every collection: one Lucene index whose documents are either chunks (BM25 text and an
 * HNSW vector) or file records (hash, size, skip reason), told apart by a {@code kind} field and tagged with
 * their {@code collection}.
 *
 * <p>One index rather than one per collection so that a search can span several collections with a filter, and
 * so that a file's record and its chunks are always committed together: after a crash the index holds, for each
 * file, either its old state or its new one, never half of either, and indexing resumes from the record.
 *
 * <p>BM25 uses k1 = 0.9 and b = 0.4 over one field holding title, heading path and chunk text, analysed with
 * Lucene's {@link EnglishAnalyzer} (the usual Lucene baseline on BEIR). Vectors are unit length and compared by
 * dot product.
 *
 * <p>Thread-safe: one thread writes at a time (the ingestor), any number search. Writes become visible to
 * searches after {@link #refresh()} or {@link #commit()}, and durable only after {@link #commit()}.
 */
public final class LuceneIndex implements AutoCloseable {
    public static final float BM25_K1 = 0.9f;
    public static final float BM25_B = 0.4f;

    private static final String KIND = "kind";
    private static final String KIND_CHUNK = "chunk";
    private static final String KIND_FILE = "file";
    private static final String FILE_KEY = "fileKey";
    private static final String COLLECTION = "collection";
    private static final String PATH = "path";
    private static final String TYPE = "type";
    private static final String TITLE = "title";
    private static final String HEADINGS = "headings";
    private static final String PAGE = "page";
    private static final String START = "start";
    private static final String END = "end";
    private static final String CHUNK_INDEX = "chunkIndex";
    private static final String TEXT = "text";
    private static final String BODY = "body";
    private static final String VECTOR = "vector";
    private static final String HASH = "hash";
    private static final String SIZE = "size";
    private static final String MODIFIED = "modified";
    private static final String CHUNKS = "chunks";
    private static final String SKIP_KIND = "skipKind";
    private static final String SKIP_REASON = "skipReason";
    private static final String HEADING_SEPARATOR = "\u001f";
    private static final String MODEL_KEY = "embeddingModel";

    private final Path directory;
    private final Directory luceneDirectory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final BM25Similarity similarity = new BM25Similarity(BM25_K1, BM25_B);
    private final String modelId;
    private final int dimensions;

    private LuceneIndex(Path directory, Directory luceneDirectory, IndexWriter writer, Analyzer analyzer,
            String modelId, int dimensions) throws IOException {
        this.directory = directory;
        this.luceneDirectory = luceneDirectory;
        this.writer = writer;
        this.analyzer = analyzer;
        this.modelId = modelId;
        this.dimensions = dimensions;
        this.searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(similarity);
                return searcher;
            }
        });
    }

    /**
     * Opens the index in {@code directory}, creating it when absent, after verifying the checksum of every file
     * of the last commit.
     *
     * @param modelId the embedding model the vectors come from; an index built with another model is refused
     * @param dimensions the vectors' length
     * @throws IndexException when the index is damaged, built with another model, or in use by another process
     */
    public static LuceneIndex open(Path directory, String modelId, int dimensions) {
        Directory dir = null;
        try {
            Files.createDirectories(directory);
            dir = FSDirectory.open(directory);
            boolean exists = DirectoryReader.indexExists(dir);
            if (exists) {
                verify(directory, dir, modelId);
            }
            Analyzer analyzer = new EnglishAnalyzer();
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setSimilarity(new BM25Similarity(BM25_K1, BM25_B))
                    .setRAMBufferSizeMB(64)
                    .setCommitOnClose(false); // only explicit commits, made between whole files, count
            IndexWriter writer = new IndexWriter(dir, config);
            if (!exists) {
                writer.setLiveCommitData(Map.of(MODEL_KEY, modelId).entrySet());
                writer.commit();
            }
            return new LuceneIndex(directory, dir, writer, analyzer, modelId, dimensions);
        } catch (LockObtainFailedException e) {
            close(dir);
            throw new IndexException("The document index at " + directory + " is in use by another Loupe process;"
                    + " close it and try again.", e);
        } catch (IndexException e) {
            close(dir);
            throw e;
        } catch (IOException | RuntimeException e) {
            close(dir);
            throw damaged(directory, e);
        }
    }

    private static void verify(Path directory, Directory dir, String modelId) {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                leaf.reader().checkIntegrity(); // reads every byte of every file and checks its footer checksum
            }
            String builtWith = reader.getIndexCommit().getUserData().get(MODEL_KEY);
            if (builtWith != null && !builtWith.equals(modelId)) {
                throw new IndexException("The document index at " + directory + " was built with the embedding model "
                        + builtWith + ", not " + modelId + "; rebuild it with `loupe index --rebuild`.");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IndexException ie) {
                throw ie;
            }
            throw damaged(directory, e);
        }
    }

    private static IndexException damaged(Path directory, Exception e) {
        String what = e instanceof CorruptIndexException || e instanceof EOFException
                || e instanceof NoSuchFileException || e instanceof IndexFormatTooOldException
                || e instanceof IndexFormatTooNewException ? "is damaged" : "cannot be read";
        return new IndexException("The document index at " + directory + " " + what
                + "; rebuild it from the source files with `loupe index --rebuild`.", e);
    }

    private static void close(Directory dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException ignored) {
                // Closing after a failed open: the original error is the one the user needs.
            }
        }
    }

    public Path directory() {
        return directory;
    }

    public int dimensions() {
        return dimensions;
    }

    /** The analyzer of the BM25 field; used to find query terms in passages for highlighting. */
    public Analyzer analyzer() {
        return analyzer;
    }

    /** The key that identifies a file of a collection inside the index. */
    public static String fileKey(String collection, String path) {
        return collection + "\u0000" + path;
    }

    /**
     * Replaces everything known about one file (its chunks and its record) with the given state. Not visible to
     * searches until {@link #refresh()} and not durable until {@link #commit()}.
     *
     * @throws IndexException on a disk error
     */
    public void putFile(FileRecord record, List<IndexedChunk> chunks) {
        String key = fileKey(record.collection(), record.path());
        List<Document> docs = new ArrayList<>(chunks.size() + 1);
        for (IndexedChunk chunk : chunks) {
            docs.add(chunkDocument(key, chunk));
        }
        docs.add(fileDocument(key, record));
        try {
            writer.deleteDocuments(new Term(FILE_KEY, key));
            writer.addDocuments(docs);
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /**
     * Replaces only the record of a file whose chunks stay as they are (same content, new modification time).
     */
    public void putRecord(FileRecord record) {
        String key = fileKey(record.collection(), record.path());
        try {
            writer.deleteDocuments(new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(FILE_KEY, key)), Occur.FILTER)
                    .add(new TermQuery(new Term(KIND, KIND_FILE)), Occur.FILTER)
                    .build());
            writer.addDocument(fileDocument(key, record));
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** Forgets a file and its chunks. */
    public void removeFile(String collection, String path) {
        try {
            writer.deleteDocuments(new Term(FILE_KEY, fileKey(collection, path)));
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** Forgets a whole collection. */
    public void removeCollection(String collection) {
        try {
            writer.deleteDocuments(new Term(COLLECTION, collection));
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** Makes every write so far durable and visible, atomically. */
    public void commit() {
        try {
            writer.setLiveCommitData(Map.of(MODEL_KEY, modelId).entrySet());
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** Makes writes so far visible to searches without making them durable. */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    private IndexException writeFailed(IOException e) {
        return new IndexException("Writing the document index at " + directory + " failed (" + e.getMessage()
                + "); check the free disk space.", e);
    }

    /** The file records of {@code collection} (indexed and skipped), by path, as of the last refresh or commit. */
    public Map<String, FileRecord> files(String collection) {
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(KIND, KIND_FILE)), Occur.FILTER)
                .add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
                .build();
        Map<String, FileRecord> out = new LinkedHashMap<>();
        withSearcher(searcher -> {
            TopDocs top = searcher.search(query, Math.max(1, searcher.count(query)));
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                FileRecord record = fileRecord(stored.document(sd.doc));
                out.put(record.path(), record);
            }
            return null;
        });
        return out;
    }

    /** Names of every collection with at least one file record. */
    public Set<String> collections() {
        Set<String> out = new TreeSet<>();
        withSearcher(searcher -> {
            Query files = new TermQuery(new Term(KIND, KIND_FILE));
            TopDocs top = searcher.search(files, Math.max(1, searcher.count(files)));
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(stored.document(sd.doc, Set.of(COLLECTION)).get(COLLECTION));
            }
            return null;
        });
        return out;
    }

    /** Number of chunks matching {@code filter}. */
    public int chunkCount(SearchFilter filter) {
        return withSearcher(searcher -> searcher.count(filterQuery(filter)));
    }

    /**
     * BM25 search over title, headings and text: the query is analysed like the index and every term is an
     * optional clause weighted by how often it occurs in the query (a bag of words, so no query syntax can fail).
     *
     * @param limit how many passages at most
     * @return passages by descending BM25 score; empty when the query has no indexable term
     */
    public List<ScoredPassage> searchText(String query, int limit, SearchFilter filter) {
        Map<String, Integer> terms = analyze(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder text = new BooleanQuery.Builder();
        int clauses = 0;
        for (Map.Entry<String, Integer> term : terms.entrySet()) {
            if (clauses++ >= IndexSearcher.getMaxClauseCount() - 4) {
                break;
            }
            Query q = new TermQuery(new Term(BODY, term.getKey()));
            text.add(term.getValue() > 1 ? new BoostQuery(q, term.getValue()) : q, Occur.SHOULD);
        }
        Query full = new BooleanQuery.Builder()
                .add(text.build(), Occur.MUST)
                .add(filterQuery(filter), Occur.FILTER)
                .build();
        return run(full, limit, score -> score);
    }

    /**
     * Approximate nearest neighbours (HNSW) of a unit-length query vector among the filtered chunks.
     *
     * @return passages by descending cosine similarity, reported as the dot product in [-1, 1]
     */
    public List<ScoredPassage> searchVector(float[] vector, int limit, SearchFilter filter) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("The query vector has " + vector.length + " dimensions, the index "
                    + dimensions);
        }
        Query knn = new KnnFloatVectorQuery(VECTOR, vector, limit, filterQuery(filter));
        return run(knn, limit, score -> 2.0 * score - 1.0); // Lucene maps a dot product d to (1 + d) / 2
    }

    /** Analysed terms of {@code text} with their counts, in first-seen order. */
    public Map<String, Integer> analyze(String text) {
        Map<String, Integer> terms = new LinkedHashMap<>();
        try (TokenStream ts = analyzer.tokenStream(BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.merge(term.toString(), 1, Integer::sum);
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysis of an in-memory string does not do I/O
        }
        return terms;
    }

    private List<ScoredPassage> run(Query query, int limit, DoubleUnaryOperator scoreMap) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(query, Math.max(1, limit));
            StoredFields stored = searcher.storedFields();
            List<ScoredPassage> out = new ArrayList<>(top.scoreDocs.length);
            int rank = 1;
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(new ScoredPassage(passage(stored.document(sd.doc)), scoreMap.applyAsDouble(sd.score),
                        rank++));
            }
            return out;
        });
    }

    private Query filterQuery(SearchFilter filter) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new TermQuery(new Term(KIND, KIND_CHUNK)),
                Occur.FILTER);
        if (!filter.collections().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            filter.collections().forEach(c -> any.add(new TermQuery(new Term(COLLECTION, c)), Occur.SHOULD));
            b.add(any.build(), Occur.FILTER);
        }
        if (!filter.fileTypes().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            filter.fileTypes().forEach(t -> any.add(new TermQuery(new Term(TYPE, t.name())), Occur.SHOULD));
            b.add(any.build(), Occur.FILTER);
        }
        return b.build();
    }

    private interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        IndexSearcher searcher = null;
        try {
            searcher = searchers.acquire();
            return work.apply(searcher);
        } catch (IOException e) {
            throw new IndexException("Reading the document index at " + directory + " failed; if this repeats,"
                    + " rebuild it with `loupe index --rebuild`.", e);
        } finally {
            if (searcher != null) {
                try {
                    searchers.release(searcher);
                } catch (IOException e) {
                    throw new IndexException("Releasing a searcher of " + directory + " failed.", e);
                }
            }
        }
    }

    private Document chunkDocument(String key, IndexedChunk chunk) {
        Passage p = chunk.passage();
        if (chunk.vector().length != dimensions) {
            throw new IllegalArgumentException("A chunk vector has " + chunk.vector().length
                    + " dimensions, the index " + dimensions);
        }
        Document d = new Document();
        d.add(new StringField(KIND, KIND_CHUNK, Field.Store.NO));
        d.add(new StringField(FILE_KEY, key, Field.Store.NO));
        d.add(new StringField(COLLECTION, p.collection(), Field.Store.YES));
        d.add(new StoredField(PATH, p.source()));
        d.add(new StringField(TYPE, p.fileType().name(), Field.Store.YES));
        d.add(new StoredField(TITLE, p.title()));
        d.add(new StoredField(HEADINGS, String.join(HEADING_SEPARATOR, p.headingPath())));
        d.add(new StoredField(PAGE, p.page()));
        d.add(new StoredField(START, p.startChar()));
        d.add(new StoredField(END, p.endChar()));
        d.add(new StoredField(CHUNK_INDEX, p.chunkIndex()));
        d.add(new StoredField(TEXT, p.text()));
        // BM25 sees the title and headings with every chunk, so a chunk deep in a section still matches them.
        String body = p.title() + "\n" + String.join("\n", p.headingPath()) + "\n" + p.text();
        d.add(new TextField(BODY, body, Field.Store.NO));
        d.add(new KnnFloatVectorField(VECTOR, chunk.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private static Document fileDocument(String key, FileRecord r) {
        Document d = new Document();
        d.add(new StringField(KIND, KIND_FILE, Field.Store.NO));
        d.add(new StringField(FILE_KEY, key, Field.Store.NO));
        d.add(new StringField(COLLECTION, r.collection(), Field.Store.YES));
        d.add(new StoredField(PATH, r.path()));
        d.add(new StoredField(HASH, r.contentHash()));
        d.add(new StoredField(SIZE, r.sizeBytes()));
        d.add(new StoredField(MODIFIED, r.modifiedMillis()));
        d.add(new StoredField(CHUNKS, r.chunkCount()));
        if (r.skipped()) {
            d.add(new StoredField(SKIP_KIND, r.skipKind().name()));
            d.add(new StoredField(SKIP_REASON, r.skipReason()));
        }
        return d;
    }

    private static FileRecord fileRecord(Document d) {
        String kind = d.get(SKIP_KIND);
        return new FileRecord(d.get(COLLECTION), d.get(PATH), d.get(HASH), d.getField(SIZE).numericValue().longValue(),
                d.getField(MODIFIED).numericValue().longValue(), d.getField(CHUNKS).numericValue().intValue(),
                kind == null ? null : SkipKind.valueOf(kind), d.get(SKIP_REASON));
    }

    private static Passage passage(Document d) {
        String headings = d.get(HEADINGS);
        return new Passage(d.get(COLLECTION), d.get(PATH), FileType.valueOf(d.get(TYPE)), d.get(TITLE),
                headings == null || headings.isEmpty() ? List.of() : List.of(headings.split(HEADING_SEPARATOR)),
                d.getField(PAGE).numericValue().intValue(), d.getField(START).numericValue().intValue(),
                d.getField(END).numericValue().intValue(), d.getField(CHUNK_INDEX).numericValue().intValue(),
                d.get(TEXT));
    }

    /** Closes without committing: writes since the last {@link #commit()} are discarded, as after a crash. */
    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback(); // rollback also closes the writer
            luceneDirectory.close();
        } catch (IOException e) {
            throw new IndexException("Closing the document index at " + directory + " failed.", e);
        }
    }
}
