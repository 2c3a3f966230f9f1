package dev.loupe.rag.eval;

import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.index.FileRecord;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.ingest.DocumentIndexer;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.HybridSearcher;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Measures retrieval quality on a {@link BeirDataset} through the same path user documents take: every corpus
 * document becomes a collection entry (title and text; chunked recursively at the embedding model's limit, so
 * almost every abstract is one chunk), is embedded and written by {@link DocumentIndexer}, and queries go through
 * {@link HybridSearcher}. A document's rank is that of its best chunk.
 */
public final class RetrievalEvaluation {
    /** The collection the corpus is indexed under. */
    public static final String COLLECTION = "beir";
    /** Warm-up queries run before latencies are recorded (JIT, caches); they still count for the metrics. */
    private static final int WARMUP_QUERIES = 5;
    private static final int CHUNK_DEPTH = 150; // chunks fetched so that 100 distinct documents remain

    private RetrievalEvaluation() {}

    /** Chunking used for benchmark corpora: recursive, as large as the model allows. */
    public static ChunkingSettings chunking(Embedder embedder) {
        return new ChunkingSettings(ChunkingStrategy.RECURSIVE, embedder.maxInputTokens(), 0, 90);
    }

    /**
     * Indexes the corpus and commits.
     *
     * @param progress told the number of documents written so far, every 100 documents
     * @return the number of chunks written
     */
    public static long index(BeirDataset data, LuceneIndex index, Embedder embedder, IntConsumer progress) {
        int[] written = {0};
        DocumentIndexer indexer = new DocumentIndexer(index, embedder, chunking(embedder).newChunker(embedder),
                IngestOptions.defaults(), (source, chunks, committed) -> {
                    if (++written[0] % 100 == 0) {
                        progress.accept(written[0]);
                    }
                });
        for (BeirDataset.BeirDocument doc : data.corpus()) {
            String text = doc.text().isBlank() ? doc.title() : doc.text();
            if (text.isBlank()) {
                continue;
            }
            indexer.add(new FileRecord(COLLECTION, doc.id(), "", text.length(), 0, 0, null, null), FileType.TEXT,
                    ExtractedDocument.plain(doc.title(), text));
        }
        indexer.finish();
        return indexer.chunksWritten();
    }

    /** Runs every query in {@code mode} and averages the metrics. */
    public static EvaluationReport evaluate(BeirDataset data, HybridSearcher searcher, SearchMode mode) {
        List<Double> latencies = new ArrayList<>();
        double ndcg = 0;
        double recall = 0;
        double mrr = 0;
        int n = 0;
        for (BeirDataset.BeirQuery query : data.queries()) {
            Map<String, Integer> relevant = data.qrels().get(query.id());
            long start = System.nanoTime();
            List<Hit> hits = searcher.search(new SearchRequest(query.text(), CHUNK_DEPTH, mode,
                    SearchFilter.collection(COLLECTION), false));
            double millis = (System.nanoTime() - start) / 1e6;
            if (n >= WARMUP_QUERIES || data.queries().size() <= WARMUP_QUERIES) {
                latencies.add(millis);
            }
            Set<String> ranking = new LinkedHashSet<>();
            for (Hit hit : hits) {
                ranking.add(hit.passage().source());
            }
            List<String> docs = new ArrayList<>(ranking);
            ndcg += RetrievalMetrics.ndcg(docs, relevant, 10);
            recall += RetrievalMetrics.recall(docs, relevant, 100);
            mrr += RetrievalMetrics.reciprocalRank(docs, relevant, 10);
            n++;
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new EvaluationReport(n == 0 ? 0 : ndcg / n, n == 0 ? 0 : recall / n, n == 0 ? 0 : mrr / n, n,
                percentile(sorted, 50), percentile(sorted, 95));
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1; // nearest rank
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

}
