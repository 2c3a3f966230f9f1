package dev.loupe.agents.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.inference.CancellationToken;
import dev.loupe.rag.document.FileType;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchDocumentsTest {
    private final List<SearchRequest> requests = new ArrayList<>();

    private static Hit hit(String source, String text) {
        return new Hit(new Passage("papers", source, FileType.TEXT, "t", List.of(), 0, 0, text.length(), 0, text),
                1.0, Optional.empty(), Optional.empty(), List.of());
    }

    @Test
    void asksTheIndexForKPassagesOfTheCollectionAndNumbersThemWithTheirSource() {
        SearchDocuments tool = new SearchDocuments(request -> {
            requests.add(request);
            return List.of(hit("/docs/a.txt", "alpha"), hit("/docs/b.txt", "x".repeat(700)));
        });
        String text = tool.run(JsonNodeFactory.instance.objectNode().put("query", "alpha").put("collection", "papers")
                .put("k", 2), CancellationToken.none());

        assertEquals(1, requests.size());
        assertEquals(2, requests.getFirst().limit());
        assertEquals(SearchFilter.collection("papers"), requests.getFirst().filter());
        assertEquals("[1] a.txt\nalpha\n\n[2] b.txt\n" + "x".repeat(SearchDocuments.MAX_PASSAGE_CHARS) + "…", text);
    }

    @Test
    void searchesEveryCollectionForThreePassagesByDefaultAndSaysWhenNothingIsFound() {
        SearchDocuments tool = new SearchDocuments(request -> {
            requests.add(request);
            return List.of();
        });
        String text = tool.run(JsonNodeFactory.instance.objectNode().put("query", "nothing"), CancellationToken.none());

        assertEquals(3, requests.getFirst().limit());
        assertEquals(SearchFilter.none(), requests.getFirst().filter());
        assertEquals("No passages found for 'nothing'.", text);
        assertThrows(ToolException.class, () -> tool.run(JsonNodeFactory.instance.objectNode().put("query", " "),
                CancellationToken.none()));
    }
}
