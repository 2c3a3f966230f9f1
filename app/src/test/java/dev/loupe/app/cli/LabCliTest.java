package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's command-line faces on stories260K: strategies, score, explain, lens, attention, compare. */
class LabCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static String model;

    @BeforeAll
    static void model() {
        model = SharedModels.stories260K().toString();
    }

    static List<JsonNode> jsonLines(CliTest.Run r) throws IOException {
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    static CliTest.Run generate(String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", model, "--prompt", "Once upon a time", "--json"));
        args.addAll(List.of(extra));
        if (!args.contains("--max-tokens")) {
            args.addAll(List.of("--max-tokens", "25"));
        }
        return CliTest.run(args.toArray(String[]::new));
    }

    /** The per-token lines without the summary, which carries timings. */
    static List<JsonNode> tokens(CliTest.Run r) throws IOException {
        List<JsonNode> lines = jsonLines(r);
        return lines.subList(0, lines.size() - 1);
    }

    @Test
    void everyStrategyPrintsTheSamePerTokenFormatAndTheDegenerateOnesEqualGreedy() throws IOException {
        List<JsonNode> greedy = tokens(generate("--temperature", "0", "--repeat-penalty", "1", "--min-p", "0"));
        assertEquals(25, greedy.size());
        assertEquals(greedy, tokens(generate("--strategy", "greedy")));
        assertEquals(greedy, tokens(generate("--strategy", "beam", "--beam-width", "1")));
        assertEquals(greedy, tokens(generate("--strategy", "contrastive", "--alpha", "0")));

        List<JsonNode> beam = jsonLines(generate("--strategy", "beam", "--beam-width", "3", "--beams", "3"));
        JsonNode summary = beam.getLast();
        assertEquals("beam", summary.get("strategy").asText());
        assertEquals(3, summary.get("beams").size());
        assertEquals(summary.get("text").asText(), summary.get("beams").get(0).get("text").asText());
        assertTrue(summary.get("beams").get(0).get("score").asDouble() >= summary.get("beams").get(1).get("score").asDouble());
        for (JsonNode token : beam.subList(0, beam.size() - 1)) {
            assertEquals(List.of("index", "id", "text", "prob", "logprob", "entropy", "top"), fieldNames(token));
        }
        List<JsonNode> contrastive = jsonLines(generate("--strategy", "contrastive", "--alpha", "0.6", "--top-k", "4"));
        assertEquals("contrastive", contrastive.getLast().get("strategy").asText());
    }

    @Test
    void samplerFlagsThatAStrategyIgnoresAreRefused() {
        CliTest.Run r = generate("--strategy", "beam", "--temperature", "0.7");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--temperature do not apply to --strategy beam"), r.err());
        CliTest.Run alpha = generate("--alpha", "0.5");
        assertEquals(1, alpha.exit());
        assertTrue(alpha.err().contains("--alpha only applies to --strategy contrastive"), alpha.err());
        CliTest.Run width = generate("--strategy", "beam", "--beam-width", "99");
        assertEquals(1, width.exit());
        assertTrue(width.err().contains("beam width must be between 1 and 16"), width.err());
    }

    @Test
    void scoreOfTheGreedyContinuationRanksEveryTokenFirst() throws IOException {
        String text = jsonLines(generate("--strategy", "greedy")).getLast().get("text").asText();
        int promptTokens = 5;
        List<JsonNode> lines = jsonLines(CliTest.run("score", "--model", model, "--text", "Once upon a time" + text, "--from", "" + promptTokens, "--json"));
        JsonNode summary = lines.getLast();
        List<JsonNode> scored = lines.subList(0, lines.size() - 1);
        assertEquals(25, scored.size());
        double total = 0;
        for (JsonNode t : scored) {
            assertEquals(List.of("position", "id", "text", "logprob", "prob", "rank", "entropy"), fieldNames(t));
            assertEquals(1, t.get("rank").asInt(), "position " + t.get("position"));
            total += t.get("logprob").asDouble();
        }
        assertEquals(total, summary.get("total_logprob").asDouble(), 1e-9);
        assertEquals(Math.exp(-total / 25), summary.get("perplexity").asDouble(), 1e-9);
    }

    @Test
    void scoreListsTheTopAlternativesOnRequest() throws IOException {
        List<JsonNode> lines = jsonLines(CliTest.run("score", "--model", model, "--text", "Once upon a time there was a cat", "--top", "3", "--json"));
        for (JsonNode t : lines.subList(0, lines.size() - 1)) {
            JsonNode top = t.get("top");
            assertEquals(3, top.size());
            assertTrue(top.get(0).get("prob").asDouble() >= top.get(1).get("prob").asDouble());
            if (t.get("rank").asInt() <= 3) {
                assertEquals(t.get("id").asInt(), top.get(t.get("rank").asInt() - 1).get("id").asInt(), "the token is at its rank");
            }
        }
    }

    @Test
    void explainAgreesWithTheGeneratedTokenAndShowsEveryStage() throws IOException {
        String[] flags = {"--seed", "5", "--temperature", "0.9", "--top-k", "30", "--top-p", "0.9", "--typical-p", "0.95"};
        List<JsonNode> generated = tokens(generate(flags));
        List<String> args = new ArrayList<>(List.of("explain", "--model", model, "--prompt", "Once upon a time", "--step", "7", "--show", "4", "--json"));
        args.addAll(List.of(flags));
        JsonNode e = jsonLines(CliTest.run(args.toArray(String[]::new))).getFirst();
        assertEquals(generated.get(7).get("id").asInt(), e.get("chosen").get("id").asInt());
        assertEquals(5, e.get("seed").asLong());
        assertTrue(e.get("u").asDouble() >= 0 && e.get("u").asDouble() < 1);
        List<String> kinds = new ArrayList<>();
        e.get("stages").forEach(s -> kinds.add(s.get("kind").asText()));
        assertEquals(List.of("raw", "repetition_penalty", "temperature", "top_k", "top_p", "min_p", "typical_p", "final"), kinds);
        JsonNode topK = e.get("stages").get(3);
        assertTrue(topK.get("candidates").asInt() <= 30);
        assertEquals(4, topK.get("top").size());
        assertEquals(List.of("kind", "candidates", "kept_mass", "cutoff_prob", "entropy", "top"), fieldNames(topK));
    }

    @Test
    void lensEndsWithTheEnginesOutputAndAttentionRowsSumToOne() throws IOException {
        JsonNode lens = jsonLines(CliTest.run("lens", "--model", model, "--prompt", "Once upon a time", "--top", "3", "--json")).getFirst();
        int n = lens.get("tokens").size();
        assertEquals(5, n);
        assertEquals(5, lens.get("layers").asInt());
        assertEquals(6 * n, lens.get("predictions").size());
        JsonNode last = lens.get("predictions").get(6 * n - 1);
        assertEquals(5, last.get("layer").asInt());
        JsonNode first = jsonLines(generate("--strategy", "greedy", "--top-logprobs", "3")).getFirst();
        assertEquals(first.get("top"), last.get("top"), "the lens's last layer is what generation sees");

        JsonNode attention = jsonLines(CliTest.run("attention", "--model", model, "--prompt", "Once upon a time", "--layer", "2", "--head", "3", "--json")).getFirst();
        assertEquals(1, attention.get("maps").size());
        JsonNode weights = attention.get("maps").get(0).get("weights");
        for (int q = 0; q < n; q++) {
            assertEquals(q + 1, weights.get(q).size(), "causal: row " + q + " covers positions 0.." + q);
            double sum = 0;
            for (JsonNode w : weights.get(q)) {
                sum += w.asDouble();
            }
            assertEquals(1.0, sum, 1e-5);
        }
        CliTest.Run badHead = CliTest.run("attention", "--model", model, "--prompt", "Once", "--head", "8");
        assertEquals(1, badHead.exit());
        assertTrue(badHead.err().contains("--head must be between 0 and 7"), badHead.err());
    }

    @Test
    void compareRunsEverySettingOfTheFileOnOnePrefill(@TempDir Path dir) throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, """
                [{"name":"greedy","strategy":"greedy","maxTokens":20},
                 {"name":"warm","temperature":0.8,"topP":0.95,"seed":7},
                 {"name":"beam","strategy":"beam","beamWidth":3,"maxTokens":15},
                 {"name":"contrastive","strategy":"contrastive","alpha":0.6,"topK":4}]""");
        List<JsonNode> lines = jsonLines(CliTest.run("compare", "--model", model, "--prompt", "Once upon a time", "--settings", settings.toString(),
                "--max-tokens", "30", "--json"));
        assertEquals(5, lines.size());
        List<String> names = new ArrayList<>();
        for (JsonNode run : lines.subList(0, 4)) {
            names.add(run.get("name").asText());
            assertEquals(List.of("model", "name", "strategy", "finish_reason", "ttft_ms", "decode_tokens_per_s", "mean_logprob", "perplexity",
                    "distinct_1", "distinct_2", "length", "seed", "text"), fieldNames(run));
            assertEquals(Math.exp(-run.get("mean_logprob").asDouble()), run.get("perplexity").asDouble(), 1e-9);
            assertTrue(run.get("distinct_1").asDouble() > 0 && run.get("distinct_1").asDouble() <= 1);
        }
        assertEquals(List.of("greedy", "warm", "beam", "contrastive"), names);
        assertEquals(20, lines.get(0).get("length").asInt());
        assertEquals(30, lines.get(1).get("length").asInt());
        assertEquals("beam", lines.get(2).get("strategy").asText());
        JsonNode summary = lines.get(4);
        assertEquals(4, summary.get("runs").asInt());
        assertEquals(1, summary.get("prefills").asInt());

        List<JsonNode> greedyAlone = tokens(generate("--strategy", "greedy", "--max-tokens", "20"));
        StringBuilder text = new StringBuilder();
        greedyAlone.forEach(t -> text.append(t.get("text").asText()));
        assertEquals(text.toString(), lines.get(0).get("text").asText());
    }

    @Test
    void compareWithAJudgeEndsWithAVerdictNamingOneOfTheSettings(@TempDir Path dir) throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, """
                [{"name":"greedy","strategy":"greedy"},{"name":"warm","temperature":0.8,"seed":7},{"name":"hot","temperature":1.5,"seed":7}]""");
        List<JsonNode> lines = jsonLines(CliTest.run("compare", "--model", model, "--prompt", "Once upon a time", "--settings", settings.toString(),
                "--max-tokens", "25", "--judge", model, "--criteria", "Prefer the happier story.", "--json"));
        assertEquals(5, lines.size());
        JsonNode verdict = lines.get(4);
        assertEquals(List.of("judge", "winner", "winner_name", "reason", "shortened"), fieldNames(verdict));
        int winner = "ABC".indexOf(verdict.get("winner").asText());
        assertTrue(winner >= 0, verdict.toString());
        assertEquals(lines.get(winner).get("name").asText(), verdict.get("winner_name").asText());
    }

    @Test
    void aBadSettingsFileIsRefusedNamingTheSettingAndTheField(@TempDir Path dir) throws IOException {
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, "[{\"name\":\"a\"},{\"name\":\"b\",\"temprature\":0.5}]");
        CliTest.Run typo = CliTest.run("compare", "--model", model, "--prompt", "Once", "--settings", settings.toString());
        assertEquals(1, typo.exit());
        assertTrue(typo.err().contains("setting 2 of") && typo.err().contains("unknown field \"temprature\""), typo.err());
        Files.writeString(settings, "[{\"name\":\"b\",\"strategy\":\"beam\",\"temperature\":0.5}]");
        CliTest.Run ignored = CliTest.run("compare", "--model", model, "--prompt", "Once", "--settings", settings.toString());
        assertEquals(1, ignored.exit());
        assertTrue(ignored.err().contains("\"temperature\" does not apply to strategy beam"), ignored.err());
        Files.writeString(settings, "{\"name\":\"x\"");
        CliTest.Run broken = CliTest.run("compare", "--model", model, "--prompt", "Once", "--settings", settings.toString());
        assertEquals(1, broken.exit());
        assertEquals(1, broken.err().strip().lines().count(), broken.err());
        Files.writeString(settings, "[{\"name\":\"x\",\"topP\":3}]");
        CliTest.Run range = CliTest.run("compare", "--model", model, "--prompt", "Once", "--settings", settings.toString());
        assertEquals(1, range.exit());
        assertTrue(range.err().contains("setting 1 of") && range.err().contains("top-p must be"), range.err());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
