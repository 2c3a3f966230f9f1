package dev.loupe.rag.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.rag.embed.OnnxBgeEmbedder.Graph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingGraphBenchTest {

    @Test
    void bothGraphsRunOnTheSameTextsRoundByRoundAndTheirVectorsAreCompared() {
        List<String> texts = List.of("Otters\nSea otters eat urchins and crabs.",
                "Bread\nKnead the dough until it is smooth, then let it rise.",
                "Comets\nA comet's tail points away from the sun because of the solar wind.");
        List<EmbeddingGraphBench.Run> told = new ArrayList<>();
        EmbeddingGraphBench.Report report = EmbeddingGraphBench.run(texts, 2, 1, told::add);

        assertEquals(report.runs(), told);
        assertEquals(List.of(Graph.STOCK, Graph.SPECIALISED, Graph.STOCK, Graph.SPECIALISED),
                told.stream().map(EmbeddingGraphBench.Run::graph).toList());
        assertEquals(List.of(1, 1, 2, 2), told.stream().map(EmbeddingGraphBench.Run::round).toList());
        long tokens = told.getFirst().tokens();
        assertTrue(tokens > 3 * 8, "tokens " + tokens);
        for (EmbeddingGraphBench.Run run : told) {
            assertEquals(3, run.texts());
            assertEquals(tokens, run.tokens());
            assertTrue(run.cpuSeconds() > 0 && run.wallSeconds() > 0, run.toString());
        }
        assertTrue(report.cpuRatio() > 0);
        assertTrue(report.worstDistance() >= report.meanDistance() && report.meanDistance() >= 0);
        assertTrue(report.worstDistance() < 3e-3, "worst 1 - cosine " + report.worstDistance());
    }

    @Test
    void emptyInputsOrNoRoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddingGraphBench.run(List.of(), 1, 1, run -> {}));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingGraphBench.run(List.of("a"), 0, 1, run -> {}));
    }
}
