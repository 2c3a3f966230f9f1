package dev.loupe.rag.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Finds the words of a passage that match the query the way BM25 matched them: both are run through the index's
 * analyzer (lower-casing, stop words, stemming) and every passage token whose term is a query term is marked with
 * its character offsets. So "indexing" highlights "indexed". Thread-safe.
 */
public final class QueryTermHighlighter {
    private final Analyzer analyzer;

    public QueryTermHighlighter(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** Matches of {@code queryTerms} (already analysed) in {@code text}, in order, adjacent ones not merged. */
    public List<Highlight> highlight(String text, Set<String> queryTerms) {
        List<Highlight> out = new ArrayList<>();
        if (queryTerms.isEmpty() || text.isEmpty()) {
            return out;
        }
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (queryTerms.contains(term.toString()) && offset.endOffset() > offset.startOffset()
                        && offset.endOffset() <= text.length()) {
                    out.add(new Highlight(offset.startOffset(), offset.endOffset()));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing an in-memory string does no I/O
        }
        return out;
    }
}
