package dev.loupe.rag.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.rag.DocumentLibrary;
import dev.loupe.rag.HashingEmbedder;
import dev.loupe.rag.chunk.ChunkingSettings;
import dev.loupe.rag.chunk.ChunkingStrategy;
import dev.loupe.rag.index.SearchFilter;
import dev.loupe.rag.ingest.CollectionSettings;
import dev.loupe.rag.ingest.IngestOptions;
import dev.loupe.rag.search.Hit;
import dev.loupe.rag.search.SearchMode;
import dev.loupe.rag.search.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's structure on the real stories260K: it will not cite wisely, but what it was given is checkable. */
class AskPipelineTest {
    private static final String QUESTION = "Where did the cat sleep?";

    @TempDir
    static Path home;

    @TempDir
    static Path docs;

    private static DocumentLibrary library;
    private static TextGenerator generator;

    @BeforeAll
    static void setUp() throws Exception {
        generator = JlamaTextGenerator.load(SharedModels.stories260K());
        Files.writeString(docs.resolve("cat.txt"), "The cat slept on the warm mat by the door.");
        Files.writeString(docs.resolve("dog.txt"), "The dog ran to the park and slept under a tree.");
        Files.writeString(docs.resolve("sun.txt"), "The sun was big and yellow in the sky.");
        library = DocumentLibrary.open(home, new HashingEmbedder(64, 200), IngestOptions.defaults());
        library.saveCollection(new CollectionSettings("stories", List.of(docs),
                new ChunkingSettings(ChunkingStrategy.RECURSIVE, 100, 0, 90), 1_000_000));
        library.indexAll(p -> {}, () -> false);
    }

    @AfterAll
    static void tearDown() {
        if (library != null) {
            library.close();
        }
        if (generator != null) {
            generator.close();
        }
    }

    private static AskRequest request(AskMode mode, int k, int maxNewTokens) {
        GenerationRequest generation = new GenerationRequest(Prompt.text(QUESTION), SamplerSettings.DEFAULTS, 7,
                maxNewTokens, List.of(), 0);
        return new AskRequest(QUESTION, k, mode, SearchFilter.collection("stories"), generation);
    }

    @Test
    void promptNumbersTheRetrievedPassagesAndCitationsAreReadFromTheAnswer() {
        AskAnswer answer = new AskPipeline(library.searcher(), generator)
                .ask(request(AskMode.PLAIN, 2, 24), new CancellationToken(), TokenListener.NONE);

        assertEquals(2, answer.retrieved().size());
        assertEquals(2, answer.sources().size());
        assertTrue(answer.draft().isEmpty(), "plain mode drafts nothing");
        for (Source source : answer.sources()) {
            Hit hit = answer.retrieved().get(source.number() - 1);
            assertEquals(hit.passage(), source.passage(), "sources keep the retrieval order");
            assertTrue(answer.prompt().user().contains("[" + source.number() + "] " + source.passage().location()
                    + "\n" + source.passage().text().strip()), answer.prompt().user());
        }
        assertTrue(answer.prompt().user().endsWith("Question: " + QUESTION));
        assertEquals("cat.txt", Path.of(answer.sources().getFirst().passage().source()).getFileName().toString());
        assertFalse(answer.text().isEmpty());
        assertEquals(CitationPrompts.parse(answer.text(), answer.sources()), answer.citations());
    }

    @Test
    void lowestRankedSourcesAreLeftOutWhenTheContextIsShort() {
        List<Hit> hits = library.searcher().search(new SearchRequest(QUESTION, 3,
                SearchMode.HYBRID, SearchFilter.collection("stories"), true));
        int oneSource = generator.encode(AskPipeline.chat(CitationPrompts.build(QUESTION, hits.subList(0, 1)))).length;
        int twoSources = generator.encode(AskPipeline.chat(CitationPrompts.build(QUESTION, hits.subList(0, 2)))).length;
        assertTrue(twoSources > oneSource);
        // Room for the answer leaves exactly enough for one source.
        int maxNewTokens = generator.contextTokens() - oneSource;

        AskAnswer answer = new AskPipeline(library.searcher(), generator)
                .ask(request(AskMode.PLAIN, 3, maxNewTokens), new CancellationToken(), TokenListener.NONE);

        assertEquals(3, answer.retrieved().size(), "every retrieved passage is still reported");
        assertEquals(1, answer.sources().size());
        assertEquals(hits.getFirst().passage(), answer.sources().getFirst().passage());
    }

    @Test
    void aQuestionThatCannotFitWithoutSourcesIsRefusedBeforeGenerating() {
        AskPipeline pipeline = new AskPipeline(library.searcher(), generator);
        AskRequest request = request(AskMode.PLAIN, 2, generator.contextTokens());
        assertThrows(PromptTooLongException.class,
                () -> pipeline.ask(request, new CancellationToken(), TokenListener.NONE));
    }

    @Test
    void hydeKeepsTheDraftItSearchedWith() {
        AskAnswer answer = new AskPipeline(library.searcher(), generator)
                .ask(request(AskMode.HYDE, 2, 16), new CancellationToken(), TokenListener.NONE);
        assertTrue(answer.draft().isPresent(), "the HyDE draft is part of the answer");
        assertFalse(answer.retrieved().isEmpty());
        assertEquals(answer.retrieved().size(), answer.sources().size());
    }
}
