package dev.loupe.rag.search;

import dev.loupe.rag.index.Passage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One search result.
 *
 * @param passage the chunk and where it comes from
 * @param score the score the list is sorted by: the fused score in hybrid modes, else the retriever's own
 * @param bm25 the BM25 retriever's score and rank, when it found the passage
 * @param dense the dense retriever's score and rank, when it found the passage
 * @param highlights words of the passage matching the query terms (after stemming), in text order
 */
public record Hit(Passage passage, double score, Optional<RetrieverScore> bm25, Optional<RetrieverScore> dense,
        List<Highlight> highlights) {
    public Hit {
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(bm25, "bm25");
        Objects.requireNonNull(dense, "dense");
        highlights = List.copyOf(highlights);
    }

    /** The passage text with every highlight wrapped in {@code open} and {@code close}, e.g. "**" and "**". */
    public String highlightedText(String open, String close) {
        String text = passage.text();
        StringBuilder out = new StringBuilder(text.length() + highlights.size() * (open.length() + close.length()));
        int at = 0;
        for (Highlight h : highlights) {
            out.append(text, at, h.start()).append(open).append(text, h.start(), h.end()).append(close);
            at = h.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
