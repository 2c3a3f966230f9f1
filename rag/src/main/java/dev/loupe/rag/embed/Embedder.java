package dev.loupe.rag.embed;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Turns text into unit-length vectors for dense retrieval, in process and offline.
 *
 * <p>Documents and queries are embedded separately because retrieval models often treat them differently (BGE
 * prefixes short queries with an instruction). Every vector has {@link #dimensions()} components and an L2 norm
 * of 1, so a dot product is the cosine similarity.
 *
 * <p>Implementations are safe to call from several threads; calls may block for a long time on big batches and
 * must not run on a UI thread.
 */
public interface Embedder {

    /** A short, stable identifier of the model, stored with an index so a different model is noticed. */
    String modelId();

    /** Number of components of every vector. */
    int dimensions();

    /**
     * The most tokens of text, counted by {@link #tokenizer()} without the model's special tokens, that one input
     * may have. Longer inputs are truncated by the embedder, so chunkers stay below this.
     */
    int maxInputTokens();

    /** The model's own tokenizer, used to count chunk sizes in the tokens the model will see. */
    EmbeddingTokenizer tokenizer();

    /**
     * Embeds passages for indexing.
     *
     * @param texts the passages, in order; none may be null
     * @return one vector per text, in the same order
     * @throws EmbeddingException when the model fails
     */
    List<float[]> embedDocuments(List<String> texts);

    /**
     * Starts embedding passages and returns at once, so that the caller can prepare and write other batches
     * while the model works. Batches started one after another are computed in that order; cancelling the future
     * skips the texts not started yet. The default computes on the calling thread before returning.
     *
     * @param texts the passages, in order; none may be null
     * @return one vector per text, in the same order, or an {@link EmbeddingException} when the model fails
     */
    default CompletableFuture<List<float[]>> embedDocumentsAsync(List<String> texts) {
        try {
            return CompletableFuture.completedFuture(embedDocuments(texts));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for vectors from {@link #embedDocumentsAsync}.
     *
     * @throws EmbeddingException when the model failed, the batch was cancelled or the wait was interrupted (the
     *     batch is then cancelled and the thread's interrupt flag kept)
     */
    static List<float[]> await(CompletableFuture<List<float[]>> vectors) {
        try {
            return vectors.get();
        } catch (InterruptedException e) {
            vectors.cancel(false);
            Thread.currentThread().interrupt();
            throw new EmbeddingException("Embedding was interrupted.", e);
        } catch (CancellationException e) {
            throw new EmbeddingException("Embedding was cancelled.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EmbeddingException ee) {
                throw ee;
            }
            throw new EmbeddingException("The embedding model failed on a passage: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * Embeds a search query, adding whatever instruction the model expects for queries.
     *
     * @throws EmbeddingException when the model fails
     */
    float[] embedQuery(String query);
}
