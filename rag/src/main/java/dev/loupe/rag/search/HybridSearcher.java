package dev.loupe.rag.search;

import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.index.ScoredPassage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Searches the index lexically (BM25), semantically (embedding nearest neighbours) or both, fusing the two lists
 * with {@link ReciprocalRankFusion} or {@link MinMaxFusion} as {@link SearchSettings#fusion()} says. Every hit carries each retriever's score and rank and
 * the query words highlighted in its text.
 *
 * <p>Thread-safe; blocking (a dense query embeds the query first, a few milliseconds on a CPU).
 */
public final class HybridSearcher {
    private final LuceneIndex index;
    private final Embedder embedder;
    private final SearchSettings settings;
    private final QueryTermHighlighter highlighter;

    public HybridSearcher(LuceneIndex index, Embedder embedder, SearchSettings settings) {
        this.index = Objects.requireNonNull(index, "index");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.highlighter = new QueryTermHighlighter(index.analyzer());
    }

    public SearchSettings settings() {
        return settings;
    }

    /** A searcher over the same index with other settings (to compare fusions side by side). */
    public HybridSearcher with(SearchSettings other) {
        return new HybridSearcher(index, embedder, other);
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Runs {@code request}; the query is embedded with the model's query instruction when a dense list is needed. */
    public List<Hit> search(SearchRequest request) {
        float[] vector = request.mode() == SearchMode.BM25 ? null : embedder.embedQuery(request.query());
        return search(request, vector);
    }

    /**
     * Runs {@code request} with a given query vector for the dense side (HyDE embeds a drafted answer instead of
     * the question); BM25 still uses {@code request.query()}.
     *
     * @param queryVector unit length; ignored in {@link SearchMode#BM25} mode and may then be null
     */
    public List<Hit> search(SearchRequest request, float[] queryVector) {
        int depth = Math.max(request.limit(), settings.candidates());
        List<ScoredPassage> bm25 = request.mode() == SearchMode.DENSE ? List.of()
                : index.searchText(request.query(), request.mode() == SearchMode.BM25 ? request.limit() : depth,
                        request.filter());
        List<ScoredPassage> dense = request.mode() == SearchMode.BM25 ? List.of()
                : index.searchVector(Objects.requireNonNull(queryVector, "queryVector"),
                        request.mode() == SearchMode.DENSE ? request.limit() : depth, request.filter());
        Fusion fusion = switch (settings.fusion()) {
            case MIN_MAX -> new MinMaxFusion(settings.minMaxAlpha());
            case RRF -> new ReciprocalRankFusion(settings.rrfK(), settings.rrfBm25Weight());
        };
        List<Fusion.Fused> fused = fusion.fuse(bm25, dense);
        Set<String> terms = request.highlight() ? index.analyze(request.query()).keySet() : Set.of();
        List<Hit> hits = new ArrayList<>(Math.min(request.limit(), fused.size()));
        for (Fusion.Fused f : fused) {
            if (hits.size() == request.limit()) {
                break;
            }
            double score = switch (request.mode()) {
                case BM25 -> f.bm25().score();
                case DENSE -> f.dense().score();
                case HYBRID -> f.score();
            };
            hits.add(new Hit(f.passage(), score,
                    Optional.ofNullable(f.bm25()).map(p -> new RetrieverScore(p.score(), p.rank())),
                    Optional.ofNullable(f.dense()).map(p -> new RetrieverScore(p.score(), p.rank())),
                    request.highlight() ? highlighter.highlight(f.passage().text(), terms) : List.of()));
        }
        return hits;
    }
}
