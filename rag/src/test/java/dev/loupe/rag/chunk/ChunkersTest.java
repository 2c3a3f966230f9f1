package dev.loupe.rag.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.rag.SharedBge;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import dev.loupe.rag.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChunkersTest {
    private static final int MAX = 40;
    private final Embedder bge = SharedBge.get();

    private Chunker chunker(ChunkingStrategy strategy) {
        return new ChunkingSettings(strategy, MAX, 8, 80).newChunker(bge);
    }

    /** Every strategy's shared contract: ordered, trimmed, inside one page, never over the token limit. */
    private void assertContract(ExtractedDocument doc, List<ChunkSpan> spans) {
        int previousStart = -1;
        for (ChunkSpan s : spans) {
            String text = doc.text().substring(s.start(), s.end());
            assertTrue(bge.tokenizer().countTokens(text) <= MAX, () -> "over the limit: " + text);
            assertFalse(Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)),
                    () -> "not trimmed: '" + text + "'");
            assertTrue(s.start() >= previousStart, "spans out of order");
            assertEquals(doc.pageAt(s.start()), doc.pageAt(s.end() - 1), "a chunk crosses a page boundary");
            previousStart = s.start();
        }
    }

    /** Every non-space character of the text is in some chunk: nothing is lost. */
    private static void assertCovers(ExtractedDocument doc, List<ChunkSpan> spans) {
        boolean[] covered = new boolean[doc.text().length()];
        spans.forEach(s -> java.util.Arrays.fill(covered, s.start(), s.end(), true));
        for (int i = 0; i < covered.length; i++) {
            char c = doc.text().charAt(i);
            if (!Character.isWhitespace(c)) {
                int at = i;
                assertTrue(covered[i], () -> "character " + at + " '" + c + "' is in no chunk");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void emptyAndBlankDocumentsGiveNoChunks(ChunkingStrategy strategy) {
        assertTrue(chunker(strategy).chunk(ExtractedDocument.plain("t", "")).isEmpty());
        assertTrue(chunker(strategy).chunk(ExtractedDocument.plain("t", " \n\n\t ")).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void shortDocumentIsOneTrimmedChunk(ChunkingStrategy strategy) {
        ExtractedDocument doc = ExtractedDocument.plain("t", "\n  A short note about otters.  \n");
        List<ChunkSpan> spans = chunker(strategy).chunk(doc);
        assertEquals(1, spans.size());
        assertEquals("A short note about otters.", doc.text().substring(spans.getFirst().start(), spans.getFirst().end()));
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void hugeParagraphWithoutHeadingsStaysUnderTheLimitAndLosesNothing(ChunkingStrategy strategy) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            s.append("Sentence number ").append(i).append(" talks about rivers, bridges and the weather. ");
        }
        ExtractedDocument doc = ExtractedDocument.plain("t", s.toString());
        List<ChunkSpan> spans = chunker(strategy).chunk(doc);
        assertTrue(spans.size() > 5);
        assertContract(doc, spans);
        assertCovers(doc, spans);
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void cjkTextWithoutSpacesIsCutByTokens(ChunkingStrategy strategy) {
        String cjk = "東京は日本の首都であり世界最大の都市圏の一つである多くの企業や大学が集まっている".repeat(8);
        ExtractedDocument doc = ExtractedDocument.plain("t", cjk);
        List<ChunkSpan> spans = chunker(strategy).chunk(doc);
        assertTrue(spans.size() >= 2);
        assertContract(doc, spans);
        assertCovers(doc, spans);
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void oneGiantWordIsCutByTokens(ChunkingStrategy strategy) {
        ExtractedDocument doc = ExtractedDocument.plain("t", "x".repeat(3000));
        List<ChunkSpan> spans = chunker(strategy).chunk(doc);
        assertContract(doc, spans);
        assertCovers(doc, spans);
    }

    @ParameterizedTest
    @EnumSource(ChunkingStrategy.class)
    void chunksNeverCrossPages(ChunkingStrategy strategy) {
        String page1 = "First page talks about apples. Apples are red.";
        String page2 = "Second page is about pears. Pears are green.";
        ExtractedDocument doc = new ExtractedDocument("t", page1 + "\n\n" + page2, List.of(),
                List.of(0, page1.length() + 2));
        List<ChunkSpan> spans = chunker(strategy).chunk(doc);
        assertContract(doc, spans);
        assertTrue(spans.size() >= 2);
    }

    @Test
    void recursiveKeepsParagraphsWholeWhenTheyFit() {
        String p1 = "Otters live near rivers and eat fish.";
        String p2 = "Badgers dig burrows in the woods.";
        String text = p1 + "\n\n" + p2 + "\n\n" + "Filler words go here. ".repeat(20);
        ExtractedDocument doc = ExtractedDocument.plain("t", text);
        List<String> chunks = texts(doc, chunker(ChunkingStrategy.RECURSIVE).chunk(doc));
        assertTrue(chunks.getFirst().startsWith(p1), chunks.getFirst());
        assertTrue(chunks.stream().noneMatch(c -> c.contains("Otters") && !c.contains("fish.")),
                "a paragraph that fits was cut");
    }

    @Test
    void structureGivesEachSectionItsOwnChunkAndHeadingPath() {
        String text = "# Guide\n## Install\nRun the installer and accept the licence.\n## Use\nOpen a document and"
                + " press search.\n";
        List<Heading> headings = List.of(new Heading(0, 1, "Guide"), new Heading(text.indexOf("## Install"), 2,
                "Install"), new Heading(text.indexOf("## Use"), 2, "Use"));
        ExtractedDocument doc = new ExtractedDocument("Guide", text, headings, List.of());
        List<ChunkSpan> spans = chunker(ChunkingStrategy.STRUCTURE).chunk(doc);
        List<String> chunks = texts(doc, spans);
        assertEquals(2, chunks.size(), chunks.toString()); // the bare "# Guide" joins the first section
        assertTrue(chunks.get(0).startsWith("# Guide") && chunks.get(0).contains("installer"));
        assertTrue(chunks.get(1).startsWith("## Use"));
        assertEquals(List.of("Guide", "Install"), doc.headingPathOf(spans.get(0).start(), spans.get(0).end()),
                "a chunk opening with headings belongs under the innermost one");
        assertEquals(List.of("Guide", "Use"), doc.headingPathOf(spans.get(1).start(), spans.get(1).end()));
    }

    @Test
    void aBareHeadingStaysWithItsSectionEvenWhenTheSectionMustBeSplit() {
        String body = "Paragraph about the setup steps in detail. ".repeat(6);
        String text = "# Guide\n## Install\n" + body + "\n\n" + body + "\n\n" + body;
        List<Heading> headings = List.of(new Heading(0, 1, "Guide"), new Heading(8, 2, "Install"));
        ExtractedDocument doc = new ExtractedDocument("t", text, headings, List.of());
        List<ChunkSpan> spans = chunker(ChunkingStrategy.STRUCTURE).chunk(doc);
        assertContract(doc, spans);
        String first = doc.text().substring(spans.getFirst().start(), spans.getFirst().end());
        assertTrue(first.startsWith("# Guide\n## Install\nParagraph"), first);
    }

    @Test
    void structureSplitsAnOversizedSectionRecursively() {
        String body = "The lecture covers many topics in detail. ".repeat(30);
        String text = "# Big\n" + body;
        ExtractedDocument doc = new ExtractedDocument("t", text, List.of(new Heading(0, 1, "Big")), List.of());
        List<ChunkSpan> spans = chunker(ChunkingStrategy.STRUCTURE).chunk(doc);
        assertTrue(spans.size() > 3);
        assertContract(doc, spans);
        assertCovers(doc, spans);
    }

    @Test
    void fixedWindowsOverlap() {
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma"
                + " tau upsilon phi chi psi omega ".repeat(4);
        ExtractedDocument doc = ExtractedDocument.plain("t", text);
        List<ChunkSpan> spans = new FixedTokenChunker(bge.tokenizer(), 20, 5).chunk(doc);
        assertTrue(spans.size() > 3);
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i).start() < spans.get(i - 1).end(), "windows do not overlap");
        }
        assertContractFor(doc, spans, 20);
    }

    @Test
    void semanticSplitsWhereTheTopicChanges() {
        String cooking = "Knead the dough for ten minutes. Let the bread dough rise in a warm kitchen. Bake the loaf"
                + " until the crust is golden.";
        String space = "The rocket reached orbit after launch. Astronauts docked with the space station. The"
                + " spacecraft orbits Earth every ninety minutes.";
        ExtractedDocument doc = ExtractedDocument.plain("t", cooking + " " + space);
        List<String> chunks = texts(doc, new SemanticChunker(bge, 200, 80).chunk(doc));
        assertTrue(chunks.size() >= 2, chunks.toString());
        assertTrue(chunks.stream().noneMatch(c -> c.contains("golden") && c.contains("rocket")),
                "the topic change was not a boundary: " + chunks);
    }

    @Test
    void chunkSizeAboveTheModelLimitIsRefusedWithAClearSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChunkingSettings(ChunkingStrategy.RECURSIVE, 2000, 0, 90).newChunker(bge));
        assertTrue(e.getMessage().contains("at most 510"), e.getMessage());
    }

    private void assertContractFor(ExtractedDocument doc, List<ChunkSpan> spans, int max) {
        for (ChunkSpan s : spans) {
            assertTrue(bge.tokenizer().countTokens(doc.text().substring(s.start(), s.end())) <= max);
        }
    }

    private static List<String> texts(ExtractedDocument doc, List<ChunkSpan> spans) {
        List<String> out = new ArrayList<>();
        spans.forEach(s -> out.add(doc.text().substring(s.start(), s.end())));
        return out;
    }
}
