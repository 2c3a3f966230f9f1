package dev.loupe.rag.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loupe.rag.document.FileType;
import dev.loupe.rag.index.Passage;
import dev.loupe.rag.index.ScoredPassage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {
    private static ScoredPassage p(String source, double score, int rank) {
        return new ScoredPassage(new Passage("c", source, FileType.TEXT, "", List.of(), 0, 0, 1, 0, "x"), score, rank);
    }

    @Test
    void reciprocalRankFusionAddsOneOverKPlusRankFromEachList() {
        List<Fusion.Fused> fused = new ReciprocalRankFusion(60).fuse(
                List.of(p("a", 12, 1), p("b", 7, 2)),
                List.of(p("b", 0.9, 1), p("c", 0.8, 2)));
        assertEquals(List.of("b", "a", "c"), fused.stream().map(f -> f.passage().source()).toList());
        assertEquals(0.5 / 62 + 0.5 / 61, fused.get(0).score(), 1e-12);
        assertEquals(0.5 / 61, fused.get(1).score(), 1e-12);
        assertNull(fused.get(2).bm25());
    }

    @Test
    void weightedRankFusionFavoursTheHeavierList() {
        List<ScoredPassage> bm25 = List.of(p("a", 12, 1), p("b", 7, 2));
        List<ScoredPassage> dense = List.of(p("b", 0.9, 1), p("a", 0.8, 2));
        assertEquals("a", new ReciprocalRankFusion(60, 0.7).fuse(bm25, dense).getFirst().passage().source());
        assertEquals("b", new ReciprocalRankFusion(60, 0.3).fuse(bm25, dense).getFirst().passage().source());
        assertEquals(0.3 / 61 + 0.7 / 62, new ReciprocalRankFusion(60, 0.3).fuse(bm25, dense).get(1).score(), 1e-12);
    }

    @Test
    void minMaxFusionScalesEachListAndMixesByAlpha() {
        List<Fusion.Fused> fused = new MinMaxFusion(0.25).fuse(
                List.of(p("a", 10, 1), p("b", 6, 2), p("c", 2, 3)),
                List.of(p("c", 0.9, 1), p("a", 0.5, 2)));
        // a: 0.25 * 1 + 0.75 * 0 = 0.25; b: 0.25 * 0.5 = 0.125; c: 0.25 * 0 + 0.75 * 1 = 0.75
        assertEquals(List.of("c", "a", "b"), fused.stream().map(f -> f.passage().source()).toList());
        assertEquals(0.75, fused.get(0).score(), 1e-12);
        assertEquals(0.25, fused.get(1).score(), 1e-12);
        assertEquals(0.125, fused.get(2).score(), 1e-12);
    }

    @Test
    void oneEmptyListLeavesTheOtherOrderUnchanged() {
        List<Fusion.Fused> fused = new MinMaxFusion(0.5).fuse(List.of(), List.of(p("x", 0.3, 1), p("y", 0.2, 2)));
        assertEquals(List.of("x", "y"), fused.stream().map(f -> f.passage().source()).toList());
    }
}
