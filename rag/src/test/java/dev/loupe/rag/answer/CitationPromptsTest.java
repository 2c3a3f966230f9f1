package dev.loupe.rag.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.document.FileType;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.search.Hit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CitationPromptsTest {
    private static Hit hit(String file, int page, int start, String text) {
        Passage p = new Passage("c", "/docs/" + file, FileType.PDF, "T", List.of("Methods"), page, start,
                start + text.length(), 0, text);
        return new Hit(p, 1.0, Optional.empty(), Optional.empty(), List.of());
    }

    private final List<Hit> hits = List.of(
            hit("a.pdf", 3, 120, "Otters eat mostly fish."),
            hit("b.pdf", 7, 40, "Sea otters also eat urchins."),
            hit("c.pdf", 1, 0, "Otters sleep holding hands."));

    @Test
    void promptNumbersSourcesWithTheirLocationAndAsksForCitations() {
        SourcedPrompt prompt = CitationPrompts.build("What do otters eat?", hits);
        assertTrue(prompt.user().contains("[1] a.pdf, p. 3, Methods\nOtters eat mostly fish."), prompt.user());
        assertTrue(prompt.user().contains("[2] b.pdf, p. 7, Methods\nSea otters also eat urchins."));
        assertTrue(prompt.user().endsWith("Question: What do otters eat?"));
        assertTrue(prompt.system().contains("[1]") && prompt.system().contains("only"));
        assertEquals(List.of(1, 2, 3), prompt.sources().stream().map(Source::number).toList());
    }

    @Test
    void citationsMapBackToFilePageAndOffsets() {
        SourcedPrompt prompt = CitationPrompts.build("q", hits);
        String answer = "Otters eat fish [1] and urchins [2, 3]. Some say more [2-3][9].";
        List<Citation> citations = CitationPrompts.parse(answer, prompt.sources());
        assertEquals(List.of(1, 2, 3, 2, 3, 9), citations.stream().map(Citation::number).toList());
        Citation first = citations.getFirst();
        assertEquals("[1]", answer.substring(first.answerStart(), first.answerEnd()));
        Passage cited = first.source().orElseThrow().passage();
        assertEquals("/docs/a.pdf", cited.source());
        assertEquals(3, cited.page());
        assertEquals(120, cited.startChar());
        assertEquals(143, cited.endChar());
        assertFalse(citations.getLast().valid(), "[9] was never given to the model");
        assertEquals(List.of(1, 2, 3), CitationPrompts.citedSources(answer, prompt.sources()).stream()
                .map(Source::number).toList());
    }

    @Test
    void bracketsThatAreNotCitationsAreIgnored() {
        SourcedPrompt prompt = CitationPrompts.build("q", hits);
        assertTrue(CitationPrompts.parse("An array a[i] and [see above] and [x1].", prompt.sources()).isEmpty());
        assertEquals(1, CitationPrompts.parse("Huge range [1-100000]", prompt.sources()).size());
    }

    @Test
    void noHitsStillGiveAPromptThatSaysSo() {
        SourcedPrompt prompt = CitationPrompts.build("q", List.of());
        assertTrue(prompt.user().contains("no sources were found"));
        assertTrue(prompt.sources().isEmpty());
    }
}
