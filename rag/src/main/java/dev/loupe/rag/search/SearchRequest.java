package dev.loupe.rag.search;

import dev.loupe.rag.index.SearchFilter;
import java.util.Objects;

/**
 * One search.
 *
 * @param query the user's words
 * @param limit how many hits to return, at least 1
 * @param mode which retrievers and which fusion
 * @param filter collections and file types to search in
 * @param highlight whether to compute highlights (skipped by batch evaluations, where they are never shown)
 */
public record SearchRequest(String query, int limit, SearchMode mode, SearchFilter filter, boolean highlight) {
    public SearchRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("A search must ask for at least one hit, got " + limit + ".");
        }
    }

    /** The same request in another mode. */
    public SearchRequest withMode(SearchMode other) {
        return new SearchRequest(query, limit, other, filter, highlight);
    }

    public static SearchRequest of(String query, int limit) {
        return new SearchRequest(query, limit, SearchMode.HYBRID, SearchFilter.none(), true);
    }
}
