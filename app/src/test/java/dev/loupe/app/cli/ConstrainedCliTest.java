package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --json-schema / --regex as a user runs them, on the real stories260K. */
class ConstrainedCliTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String SCHEMA = """
            {"type": "object",
             "properties": {"hero": {"type": "string", "maxLength": 10}, "age": {"type": "integer"},
                            "pets": {"type": "array", "items": {"enum": ["dog", "cat"]}, "maxItems": 2}},
             "required": ["hero", "age"]}
            """;

    @Test
    void jsonSchemaRunPrintsAValidDocument(@TempDir Path dir) throws IOException {
        Path schema = dir.resolve("hero.schema.json");
        Files.writeString(schema, SCHEMA);
        var r = CliTest.run("generate", "--model", SharedModels.stories260K().toString(), "--prompt", "Once upon a time",
                "--json-schema", schema.toString(), "--seed", "4", "--max-tokens", "200");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("[eos"), r.err());
        JsonNode document = JSON.readTree(r.out().strip());
        var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(SCHEMA)).validate(document);
        assertTrue(errors.isEmpty(), errors + " in " + r.out());
    }

    @Test
    void regexRunWithJsonKeepsThePerTokenFormat() throws IOException {
        String regex = "(Lily|Tom) (is|was) [a-z]{2,10}\\.";
        var r = CliTest.run("generate", "--model", SharedModels.stories260K().toString(), "--prompt", "Once upon a time",
                "--regex", regex, "--seed", "9", "--top-logprobs", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode token : lines.subList(0, lines.size() - 1)) {
            List<String> fields = new ArrayList<>();
            token.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("index", "id", "text", "prob", "logprob", "entropy", "top"), fields);
            assertEquals(2, token.get("top").size());
            text.append(token.get("text").asText());
        }
        JsonNode summary = lines.getLast();
        assertEquals("eos", summary.get("finish_reason").asText());
        assertEquals(text.toString(), summary.get("text").asText());
        assertTrue(Pattern.compile(regex).matcher(summary.get("text").asText()).matches(), summary.toString());
    }

    @Test
    void invalidRegexIsRejectedInOneSentenceBeforeTheModelLoads() {
        var r = CliTest.run("generate", "--model", "/nonexistent/model", "--prompt", "x", "--regex", "(a|b");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("loupe: The regular expression has a '(' that is never closed at position 0"), r.err());
    }

    @Test
    void unsupportedSchemaKeywordIsNamed(@TempDir Path dir) throws IOException {
        Path schema = dir.resolve("s.json");
        Files.writeString(schema, "{\"type\": \"string\", \"format\": \"email\"}");
        var r = CliTest.run("generate", "--model", "/nonexistent/model", "--prompt", "x", "--json-schema", schema.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("loupe: The JSON Schema uses the keyword \"format\" at the top level"), r.err());
    }

    @Test
    void missingSchemaFileAndBothConstraintsAtOnceAreRefused(@TempDir Path dir) {
        var missing = CliTest.run("generate", "--model", "/nonexistent/model", "--prompt", "x", "--json-schema", dir.resolve("none.json").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("Could not read the JSON Schema file"), missing.err());
        var both = CliTest.run("generate", "--model", "/nonexistent/model", "--prompt", "x", "--json-schema", "a.json", "--regex", "a");
        assertEquals(2, both.exit(), "picocli usage error");
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void benchPrintsTheConstrainedRatioJustBeforeTheDecodeRatio() {
        var r = CliTest.run("bench", "--model", SharedModels.stories260K().toString(), "--tokens", "8", "--prompt-tokens", "8", "--rounds", "1");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertTrue(lines.get(lines.size() - 2).matches("constrained_tok_s=\\d+\\.\\d{2} unconstrained_tok_s=\\d+\\.\\d{2} ratio=\\d+\\.\\d{3}"),
                lines.get(lines.size() - 2));
        assertTrue(lines.getLast().matches("decode_tok_s=\\d+\\.\\d{2} baseline_tok_s=\\d+\\.\\d{2} ratio=\\d+\\.\\d{3}"), lines.getLast());
        assertTrue(r.out().contains("automaton states"), r.out());
    }
}
