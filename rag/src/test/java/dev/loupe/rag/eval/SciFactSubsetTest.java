package dev.loupe.rag.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.SharedBge;
import dev.loupe.rag.SharedData;
import dev.loupe.rag.index.LuceneIndex;
import dev.loupe.rag.search.HybridSearcher;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval quality on a 300-document slice of SciFact (train): the relevant documents of the first queries plus
 * the first other documents of the corpus as distractors, and every query whose relevant documents are all in the
 * slice. Small enough for CI, large enough that a broken retriever or fusion shows.
 */
class SciFactSubsetTest {
    private static final int DOCUMENTS = 300;
    private static final double EPSILON = 0.01;

    @TempDir
    Path dir;

    @Test
    void bm25IsSoundAndHybridIsAtLeastAsGoodAsEitherRetriever() throws Exception {
        Path scifact = SharedData.scifact().orElse(null);
        Assumptions.assumeTrue(scifact != null, "SciFact is not in the shared folder (loupe.shared.dir)");
        BeirDataset full = BeirDataset.load(scifact.resolve("corpus.jsonl.gz"), scifact.resolve("queries.jsonl"),
                scifact.resolve("qrels/train.tsv"));
        Set<String> keep = new HashSet<>();
        for (BeirDataset.BeirQuery q : full.queries()) {
            if (keep.size() >= DOCUMENTS / 2) {
                break;
            }
            keep.addAll(full.qrels().get(q.id()).keySet());
        }
        for (BeirDataset.BeirDocument d : full.corpus()) {
            if (keep.size() >= DOCUMENTS) {
                break;
            }
            keep.add(d.id());
        }
        BeirDataset subset = full.subset(d -> keep.contains(d.id()));
        assertTrue(subset.queries().size() >= 100, "too few queries: " + subset.queries().size());

        try (LuceneIndex index = LuceneIndex.open(dir, SharedBge.get().modelId(), SharedBge.get().dimensions())) {
            RetrievalEvaluation.index(subset, index, SharedBge.get(), n -> {});
            HybridSearcher searcher = new HybridSearcher(index, SharedBge.get(), SearchSettings.defaults());
            EvaluationReport bm25 = RetrievalEvaluation.evaluate(subset, searcher, SearchMode.BM25);
            EvaluationReport dense = RetrievalEvaluation.evaluate(subset, searcher, SearchMode.DENSE);
            EvaluationReport hybrid = RetrievalEvaluation.evaluate(subset, searcher, SearchMode.HYBRID);
            String figures = "nDCG@10 bm25 " + bm25.ndcgAt10() + ", dense " + dense.ndcgAt10() + ", hybrid ("
                    + searcher.settings().fusion() + ") " + hybrid.ndcgAt10();
            assertTrue(bm25.ndcgAt10() > 0.6, figures);
            assertTrue(dense.ndcgAt10() > 0.6, figures);
            assertTrue(hybrid.ndcgAt10() >= Math.max(bm25.ndcgAt10(), dense.ndcgAt10()) - EPSILON, figures);
            assertTrue(hybrid.recallAt100() >= 0.9, "recall@100 " + hybrid.recallAt100());
        }
    }

}
