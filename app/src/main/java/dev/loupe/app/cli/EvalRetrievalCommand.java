package dev.loupe.app.cli;

import dev.loupe.inference.model.ModelFolders;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.rag.eval.BeirDataset;
import dev.loupe.rag.eval.EvaluationReport;
import dev.loupe.rag.eval.ProcessCpu;
import dev.loupe.rag.eval.RetrievalEvaluation;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.search.FusionMethod;
import dev.loupe.rag.search.HybridSearcher;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loupe eval-retrieval}: indexes a BEIR corpus with the documents pipeline and reports nDCG@10, Recall@100,
 * MRR@10, indexing speed and query latency for one search mode. The last line is machine-readable:
 * {@code ndcg@10=X recall@100=Y}.
 */
@Command(
        name = "eval-retrieval",
        mixinStandardHelpOptions = true,
        description = {"Measure retrieval quality on a BEIR-layout benchmark (corpus, queries, qrels).",
            "The last line is 'ndcg@10=X recall@100=Y'."})
public final class EvalRetrievalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, description = "corpus.jsonl or corpus.jsonl.gz")
    Path corpus;

    @Option(names = "--queries", required = true, description = "queries.jsonl")
    Path queries;

    @Option(names = "--qrels", required = true, description = "qrels TSV: query-id, corpus-id, score")
    Path qrels;

    @Option(names = "--mode", defaultValue = "hybrid", description = "bm25, dense or hybrid; default ${DEFAULT-VALUE}")
    SearchMode mode;

    @Option(names = "--fusion", description = "how hybrid combines the lists: min_max (normalised scores, the"
            + " default) or rrf (reciprocal rank)")
    FusionMethod fusion;

    @Option(names = "--index-dir", description = "keep the built index here and reuse it on the next run"
            + " (default: a temporary folder, deleted afterwards)")
    Path indexDir;

    @Option(names = "--no-query-instruction", description = "embed queries without BGE's retrieval instruction")
    boolean noQueryInstruction;

    @Option(names = "--rrf-k", description = "k of reciprocal rank fusion (default 5)")
    Double rrfK;

    @Option(names = "--rrf-bm25-weight",
            description = "BM25 weight of reciprocal rank fusion, 0..1 (0.5 = unweighted; default 0.4)")
    Double rrfBm25Weight;

    @Option(names = "--alpha", description = "BM25 weight of min-max fusion, 0..1 (default 0.35)")
    Double alpha;

    @Option(names = "--candidates", description = "passages each retriever contributes to fusion (default 100)")
    Integer candidates;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BeirDataset data;
        try {
            data = BeirDataset.load(corpus, queries, qrels);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("eval-retrieval: " + e.getFile() + " does not exist; check the path.");
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            err.println("eval-retrieval: " + e.getMessage());
            return 2;
        }
        err.printf(Locale.ROOT, "loaded %d documents, %d judged queries%n", data.corpus().size(),
                data.queries().size());
        boolean temporary = indexDir == null;
        Path dir = temporary ? Files.createTempDirectory("loupe-eval-") : indexDir;
        try (OnnxBgeEmbedder embedder = OnnxBgeEmbedder.load(
                        noQueryInstruction ? "" : OnnxBgeEmbedder.BGE_QUERY_INSTRUCTION,
                        Runtime.getRuntime().availableProcessors());
                LuceneIndex index = LuceneIndex.open(dir, embedder.modelId(), embedder.dimensions())) {
            String indexing;
            int existing = index.chunkCount(SearchFilter.collection(RetrievalEvaluation.COLLECTION));
            if (existing > 0) {
                indexing = "reused the index in " + dir + " (" + existing + " chunks); indexing speed not measured";
            } else {
                long start = System.nanoTime();
                long cpuStart = ProcessCpu.nanos();
                long chunks = RetrievalEvaluation.index(data, index, embedder,
                        done -> err.printf(Locale.ROOT, "\rindexed %d/%d documents", done, data.corpus().size()));
                double seconds = (System.nanoTime() - start) / 1e9;
                err.println();
                indexing = String.format(Locale.ROOT, "indexed %d documents (%d chunks) in %.1f s: %.1f docs/s",
                        data.corpus().size(), chunks, seconds, data.corpus().size() / seconds)
                        + cpuSummary(cpuStart, data.corpus().size());
            }
            SearchSettings d = SearchSettings.defaults();
            SearchSettings settings = new SearchSettings(candidates != null ? candidates : d.candidates(),
                    fusion != null ? fusion : d.fusion(), rrfK != null ? rrfK : d.rrfK(),
                    rrfBm25Weight != null ? rrfBm25Weight : d.rrfBm25Weight(), alpha != null ? alpha : d.minMaxAlpha());
            HybridSearcher searcher = new HybridSearcher(index, embedder, settings);
            EvaluationReport report = RetrievalEvaluation.evaluate(data, searcher, mode);
            out.println(indexing);
            out.printf(Locale.ROOT, "mode %s%s, %d queries, query instruction %s%n",
                    mode.name().toLowerCase(Locale.ROOT), mode == SearchMode.HYBRID ? " (" + describe(settings) + ")"
                            : "", report.queries(), noQueryInstruction ? "off" : "on");
            out.printf(Locale.ROOT, "nDCG@10 %.4f  Recall@100 %.4f  MRR@10 %.4f%n", report.ndcgAt10(),
                    report.recallAt100(), report.mrrAt10());
            out.printf(Locale.ROOT, "query latency p50 %.1f ms  p95 %.1f ms (query embedding included)%n",
                    report.latencyP50Millis(), report.latencyP95Millis());
            out.printf(Locale.ROOT, "ndcg@10=%.4f recall@100=%.4f%n", report.ndcgAt10(), report.recallAt100());
            out.flush();
            return 0;
        } finally {
            if (temporary) {
                ModelFolders.deleteRecursively(dir);
            }
        }
    }

    /**
     * The process CPU time spent since {@code cpuStart} and what it means on an idle machine: on a shared one the
     * wall time says more about the other processes than about indexing, the CPU time does not.
     */
    private static String cpuSummary(long cpuStart, int documents) {
        long cpuEnd = ProcessCpu.nanos();
        if (cpuStart < 0 || cpuEnd < 0) {
            return "";
        }
        double cpuSeconds = (cpuEnd - cpuStart) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "; %.1f CPU-seconds (%.1f ms per document), about %.0f s of wall time on"
                + " %d idle cores", cpuSeconds, 1000 * cpuSeconds / Math.max(1, documents), cpuSeconds / cores, cores);
    }

    private static String describe(SearchSettings s) {
        return switch (s.fusion()) {
            case RRF -> String.format(Locale.ROOT, "rrf k=%s bm25 weight=%s", s.rrfK(), s.rrfBm25Weight());
            case MIN_MAX -> String.format(Locale.ROOT, "min_max alpha=%s", s.minMaxAlpha());
        } + ", " + s.candidates() + " candidates";
    }
}
