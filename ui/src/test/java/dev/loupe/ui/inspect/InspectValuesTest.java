package dev.loupe.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.sampling.StepExplanation;
import dev.loupe.inference.sampling.StepExplanation.Kind;
import dev.loupe.inference.sampling.StepExplanation.Stage;
import dev.loupe.inference.sampling.StepExplanation.TokenProbability;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Colour modes, the exported table and the sampling chart's reading of an explanation; no model, no display. */
class InspectValuesTest {
    private static final TokenRow ROW = new TokenRow(0, 5, 42, "a, \"b\"\n", Math.log(0.25), 3, 2.0,
            List.of(new TopToken(7, "x", 0.5f), new TopToken(42, "a, \"b\"\n", 0.25f)));

    @Test
    void everyColourModeShadesFromCalmToAlarming() {
        assertEquals(0.75, ColourMode.PROBABILITY.shade(ROW), 1e-12);
        assertEquals(0.5, ColourMode.ENTROPY.shade(ROW), 1e-12);
        assertEquals(-Math.log(0.25) / 8, ColourMode.SURPRISAL.shade(ROW), 1e-12);
        TokenRow certain = new TokenRow(1, 6, 1, "x", 0, 1, 0, List.of());
        for (ColourMode mode : ColourMode.values()) {
            assertEquals(0, mode.shade(certain), 1e-12, mode.name());
            assertEquals(mode, ColourMode.fromId(mode.id()));
        }
        assertEquals(ColourMode.PROBABILITY, ColourMode.fromId("no such mode"));
        assertEquals("p 0.250", ColourMode.PROBABILITY.valueOf(ROW));
    }

    @Test
    void theTableIsValidCsvAndJson() throws Exception {
        String csv = TokenTable.csv(List.of(ROW));
        assertTrue(csv.startsWith(TokenTable.CSV_HEADER + "\n"));
        assertTrue(csv.contains(",\"a, \"\"b\"\"\n\","), csv);
        String json = TokenTable.json(List.of(ROW), 4, -Math.log(4));
        assertTrue(json.contains("\"text\":\"a, \\\"b\\\"\\n\""), json);
        assertTrue(json.contains("\"top\":[{\"id\":7,\"text\":\"x\",\"prob\":0.500000}"), json);
        assertTrue(json.contains("\"rank\":3"), json);
        assertEquals("\"\\u0001\"", TokenTable.jsonString("\u0001"));
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertEquals(4, parsed.get("perplexity").asDouble(), 1e-9);
        assertEquals(ROW.text(), parsed.get("tokens").get(0).get("text").asText(), "the text survives the round trip");
        assertEquals(ROW.text(), parsed.get("tokens").get(0).get("top").get(1).get("text").asText());
    }

    @Test
    void rowsRefuseImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new TokenRow(0, 1, 1, "x", 0.1, 1, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TokenRow(-1, 1, 1, "x", -1, 1, 0, List.of()));
    }

    @Test
    void theChartReadsBarsKeptTokensAndCutsFromTheExplanation() {
        SamplerSettings settings = SamplerSettings.DEFAULTS.withTopK(3).withTopP(0.8).withMinP(0).withTypicalP(1).withPenalties(1, 0, 0, 64);
        GenerationRequest request = new GenerationRequest(new Prompt.Tokens(new int[] {1, 2}), settings, 7, 1, List.of(), 0);
        List<TokenProbability> raw = List.of(p(10, 0.5), p(11, 0.2), p(12, 0.15), p(13, 0.1));
        List<TokenProbability> warm = List.of(p(10, 0.45), p(11, 0.22), p(12, 0.18), p(13, 0.12));
        StepExplanation explanation = new StepExplanation(List.of(
                new Stage(Kind.RAW, 512, 1, 0, 1.5, raw),
                new Stage(Kind.TEMPERATURE, 512, 1, 0, 1.7, warm),
                new Stage(Kind.TOP_K, 3, 0.85, 0.18, 1.0, List.of(p(10, 0.53), p(11, 0.26), p(12, 0.21))),
                new Stage(Kind.TOP_P, 2, 0.79, 0.26, 0.6, List.of(p(10, 0.67), p(11, 0.33))),
                new Stage(Kind.FINAL, 2, 1, 0, 0.6, List.of(p(10, 0.67), p(11, 0.33)))), 0.7, 11);
        SamplingChart chart = SamplingChart.of(request, explanation, 10, id -> "t" + id);
        assertEquals(4, chart.bars().size());
        assertEquals(0.45, chart.bars().getFirst().scaled(), 1e-12);
        assertEquals(0.5, chart.bars().getFirst().raw(), 1e-12);
        assertEquals(List.of(true, true, false, false), chart.bars().stream().map(SamplingChart.Bar::kept).toList());
        assertTrue(chart.bars().get(1).chosen());
        assertFalse(chart.bars().get(0).chosen());
        assertEquals(List.of(true, false, false, false), chart.bars().stream().map(SamplingChart.Bar::answer).toList());
        assertEquals(3, chart.cut(Kind.TOP_K).keptCount());
        assertEquals("top-p 0.80 · 2 kept", chart.cut(Kind.TOP_P).label());
        assertNull(chart.cut(Kind.MIN_P));
        assertEquals(2, chart.finalCandidates());
        assertEquals("t11", chart.chosenText());
        assertEquals(0.8, chart.temperature(), 1e-12);
        assertFalse(chart.greedy());
    }

    private static TokenProbability p(int id, double probability) {
        return new TokenProbability(id, probability);
    }
}
