package dev.loupe.rag;

import dev.loupe.rag.embed.Embedder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps an embedder and records every text it was asked to embed as a document. */
public final class CountingEmbedder extends ForwardingEmbedder {
    private final List<String> embedded = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger queries = new AtomicInteger();

    public CountingEmbedder(Embedder delegate) {
        super(delegate);
    }

    /** Texts embedded as documents so far, in order. */
    public List<String> embedded() {
        return List.copyOf(embedded);
    }

    public int queries() {
        return queries.get();
    }

    public void reset() {
        embedded.clear();
        queries.set(0);
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        embedded.addAll(texts);
        return super.embedDocuments(texts);
    }

    @Override
    public float[] embedQuery(String query) {
        queries.incrementAndGet();
        return super.embedQuery(query);
    }
}
