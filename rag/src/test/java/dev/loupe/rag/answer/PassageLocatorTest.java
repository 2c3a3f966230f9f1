package dev.loupe.rag.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.index.IndexException;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.ingest.TestDocuments;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Passages found again in their documents, from a real index of a text file and a three-page PDF. */
class PassageLocatorTest {
    @TempDir
    Path home;

    @TempDir
    Path docs;

    private DocumentLibrary library;
    private final PassageLocator locator = new PassageLocator();

    @BeforeEach
    void index() throws Exception {
        Files.writeString(docs.resolve("garden.txt"), "Tomatoes need sun.\n\nThe gardener waters the roses at dawn.\n");
        Files.write(docs.resolve("atlas.pdf"), TestDocuments.pdf("Atlas", List.of(
                List.of("Mountains are tall and cold."),
                List.of("The lighthouse keeper lit the lamp at night."),
                List.of("Rivers run to the sea."))));
        library = DocumentLibrary.open(home, new HashingEmbedder(64, 200), IngestOptions.defaults());
        library.saveCollection(new CollectionSettings("notes", List.of(docs),
                new ChunkingSettings(ChunkingStrategy.RECURSIVE, 40, 0, 90), 1_000_000));
        library.indexAll(p -> {}, () -> false);
    }

    @AfterEach
    void close() {
        library.close();
    }

    private Passage top(String query) {
        List<Hit> hits = library.searcher().search(new SearchRequest(query, 1, SearchMode.HYBRID,
                SearchFilter.collection("notes"), false));
        return hits.getFirst().passage();
    }

    @Test
    void aPdfPassageIsShownOnItsPageAtItsOffsets() {
        Passage passage = top("lighthouse keeper lamp");
        LocatedPassage located = locator.locate(passage);

        assertEquals(LocatedPassage.Match.EXACT, located.match());
        assertEquals(2, located.page());
        assertEquals(3, located.pageCount());
        assertEquals(passage.text(), located.highlighted());
        assertTrue(located.text().contains("lighthouse keeper"), located.text());
        assertTrue(!located.text().contains("Mountains"), "only the passage's page is shown: " + located.text());
    }

    @Test
    void aTextPassageIsShownInTheWholeFile() {
        Passage passage = top("gardener roses");
        LocatedPassage located = locator.locate(passage);

        assertEquals(0, located.page());
        assertTrue(located.text().startsWith("Tomatoes"), located.text());
        assertEquals(passage.startChar(), located.start());
        assertEquals(passage.text(), located.highlighted());
    }

    @Test
    void anEditedFileIsSearchedAndAMissingOneIsOneSentence() throws Exception {
        Passage passage = top("gardener roses");
        Path file = Path.of(passage.source());
        Files.writeString(file, "A new first line moves everything.\n" + Files.readString(file));
        LocatedPassage moved = locator.locate(passage);
        assertEquals(LocatedPassage.Match.MOVED, moved.match());
        assertEquals(passage.text(), moved.highlighted());

        Files.writeString(file, "Something else entirely.");
        LocatedPassage gone = locator.locate(passage);
        assertEquals(LocatedPassage.Match.GONE, gone.match());
        assertEquals(passage.text(), gone.text());

        Files.delete(file);
        IndexException e = assertThrows(IndexException.class, () -> locator.locate(passage));
        assertTrue(e.getMessage().startsWith("The file ") && e.getMessage().endsWith("to drop it."), e.getMessage());
    }
}
