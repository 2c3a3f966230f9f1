/**
 * Retrieval benchmarks in the BEIR layout (corpus, queries, qrels), run through the same indexing and search path
 * as user documents, with nDCG@10, Recall@100, MRR@10 and latency.
 */
package dev.loupe.rag.eval;
