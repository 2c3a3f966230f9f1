package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code search_documents}: hybrid search over the documents index, one numbered passage per hit with where it
 * comes from. Thread-safe if the search function is ({@code HybridSearcher::search} is).
 */
public final class SearchDocuments implements Tool {
    /** Most passages one call may ask for. */
    public static final int MAX_K = 10;
    /** Longest passage text shown, in characters; longer ones are cut. */
    public static final int MAX_PASSAGE_CHARS = 600;

    private final Function<SearchRequest, List<Hit>> search;

    /** @param search runs one request, e.g. {@code HybridSearcher::search} */
    public SearchDocuments(Function<SearchRequest, List<Hit>> search) {
        this.search = Objects.requireNonNull(search, "search");
    }

    @Override
    public String name() {
        return "search_documents";
    }

    @Override
    public String description() {
        return "Searches the user's indexed documents and returns the best passages with their sources.";
    }

    @Override
    public ObjectNode argumentsSchema() {
        Map<String, ObjectNode> properties = new LinkedHashMap<>();
        properties.put("query", ArgumentSchemas.string("what to look for"));
        properties.put("collection", ArgumentSchemas.string("a collection name, or empty for all"));
        properties.put("k", ArgumentSchemas.integer("how many passages", 1, MAX_K));
        return ArgumentSchemas.object(properties, List.of("query"));
    }

    @Override
    public String run(JsonNode arguments, CancellationToken cancel) {
        String query = arguments.path("query").asText("");
        if (query.isBlank()) {
            throw new ToolException("The query is empty; say what to look for.");
        }
        String collection = arguments.path("collection").asText("").strip();
        int k = arguments.path("k").asInt(3);
        SearchFilter filter = collection.isEmpty() ? SearchFilter.none() : SearchFilter.collection(collection);
        List<Hit> hits = search.apply(new SearchRequest(query, k, SearchMode.HYBRID, filter, false));
        if (hits.isEmpty()) {
            return "No passages found for '" + query + "'" + (collection.isEmpty() ? "" : " in " + collection) + ".";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            String passage = hit.passage().text().strip();
            if (passage.length() > MAX_PASSAGE_CHARS) {
                passage = passage.substring(0, MAX_PASSAGE_CHARS) + "…";
            }
            text.append('[').append(i + 1).append("] ").append(hit.passage().location()).append('\n')
                    .append(passage).append(i + 1 < hits.size() ? "\n\n" : "");
        }
        return text.toString();
    }
}
