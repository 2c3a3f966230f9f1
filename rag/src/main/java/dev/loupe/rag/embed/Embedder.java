package dev.loupe.rag.embed;

import java.util.List;

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
     * Embeds a search query, adding whatever instruction the model expects for queries.
     *
     * @throws EmbeddingException when the model fails
     */
    float[] embedQuery(String query);
}
