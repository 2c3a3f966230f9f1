package dev.loupe.rag.eval;

/**
 * What a retrieval evaluation measured.
 *
 * @param ndcgAt10 mean nDCG@10 over the queries
 * @param recallAt100 mean Recall@100
 * @param mrrAt10 mean reciprocal rank of the first relevant document within 10
 * @param queries number of queries evaluated
 * @param latencyP50Millis median wall time of one search, query embedding included
 * @param latencyP95Millis 95th percentile of the same
 */
public record EvaluationReport(double ndcgAt10, double recallAt100, double mrrAt10, int queries,
        double latencyP50Millis, double latencyP95Millis) {}
