package dev.loupe.rag.answer;

import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.HybridSearcher;
import dev.loupe.rag.search.SearchRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Hypothetical document embeddings (HyDE, Gao et al. 2022): a generator drafts an answer to the question, and the
 * draft, which reads like the passages sought, is embedded as a document instead of the short question. BM25
 * still uses the question's words, so hybrid modes combine both.
 *
 * <p>The generator is supplied by the caller (typically a local model with a "write a passage that answers"
 * prompt); it runs on the calling thread. Thread-safe when the generator is.
 */
public final class HydeRetriever {
    /** A prompt for the generator that asks for a plausible passage, not a careful answer. */
    public static final String DRAFT_PROMPT = "Write a short passage that answers the question.\nQuestion: %s\nPassage:";

    private final HybridSearcher searcher;
    private final Function<String, String> drafter;

    /**
     * @param drafter given the question, returns a drafted answer text
     */
    public HydeRetriever(HybridSearcher searcher, Function<String, String> drafter) {
        this.searcher = Objects.requireNonNull(searcher, "searcher");
        this.drafter = Objects.requireNonNull(drafter, "drafter");
    }

    /**
     * Drafts, embeds the draft (as a document) and searches with it.
     *
     * @return the hits; a blank draft falls back to the ordinary query embedding
     */
    public List<Hit> search(SearchRequest request) {
        String draft = drafter.apply(request.query());
        if (draft == null || draft.isBlank()) {
            return searcher.search(request);
        }
        float[] vector = searcher.embedder().embedDocuments(List.of(draft.strip())).getFirst();
        return searcher.search(request, vector);
    }
}
