package dev.loupe.rag;

import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.embed.EmbeddingTokenizer;
import java.util.List;

/**
 * Passes every call to another embedder; tests subclass it and override what they watch or change.
 * {@link #embedDocumentsAsync} keeps the interface's default, so asynchronous batches go through
 * {@link #embedDocuments} too.
 */
public abstract class ForwardingEmbedder implements Embedder {
    private final Embedder delegate;

    protected ForwardingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public int maxInputTokens() {
        return delegate.maxInputTokens();
    }

    @Override
    public EmbeddingTokenizer tokenizer() {
        return delegate.tokenizer();
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        return delegate.embedDocuments(texts);
    }

    @Override
    public float[] embedQuery(String query) {
        return delegate.embedQuery(query);
    }
}
