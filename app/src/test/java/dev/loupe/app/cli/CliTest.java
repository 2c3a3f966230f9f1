package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.app.Main;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it, on the real stories260K. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void generateJsonPrintsOneObjectPerTokenThenASummary() throws IOException {
        String model = SharedModels.stories260K().toString();
        Run r = run("generate", "--model", model, "--prompt", "Once upon a time", "--temperature", "0", "--repeat-penalty", "1",
                "--max-tokens", "12", "--top-logprobs", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertEquals(13, lines.size());
        for (int i = 0; i < 12; i++) {
            JsonNode token = lines.get(i);
            assertEquals(List.of("index", "id", "text", "prob", "logprob", "entropy", "top"), fieldNames(token));
            assertEquals(i, token.get("index").asInt());
            assertEquals(3, token.get("top").size());
            assertEquals(List.of("id", "text", "prob"), fieldNames(token.get("top").get(0)));
            assertEquals(token.get("id").asInt(), token.get("top").get(0).get("id").asInt(), "temperature 0 picks the top token");
        }
        JsonNode summary = lines.get(12);
        assertEquals("max_tokens", summary.get("finish_reason").asText());
        assertEquals(5, summary.get("prompt_tokens").asInt());
        assertEquals(12, summary.get("generated_tokens").asInt());
        assertTrue(summary.get("ttft_ms").asDouble() > 0);
        assertTrue(summary.has("decode_tokens_per_s"));
        assertTrue(summary.get("text").asText().startsWith(", there was a little girl named Lily"));
    }

    @Test
    void seededRunsAreIdenticalAcrossProcessesAndSeedsDiffer() throws Exception {
        String model = SharedModels.stories260K().toString();
        String a = childGenerate(model, "11");
        String b = childGenerate(model, "11");
        String c = childGenerate(model, "12");
        assertEquals(a, b);
        assertNotEquals(a, c);
        Run inProcess = run("generate", "--model", model, "--prompt", "Once upon a time", "--seed", "11", "--max-tokens", "30", "--json");
        assertEquals(a, lastLineText(inProcess.out()));
    }

    private static String childGenerate(String model, String seed) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), "dev.loupe.app.Main",
                "generate", "--model", model, "--prompt", "Once upon a time", "--seed", seed, "--max-tokens", "30", "--json"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return lastLineText(out);
    }

    private static String lastLineText(String out) throws IOException {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]).get("text").asText();
    }

    @Test
    void invalidSettingsAreRejectedNamingTheParameter() {
        Run r = run("generate", "--model", SharedModels.stories260K().toString(), "--prompt", "x", "--min-p", "1.5");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("min-p must be"), r.err());
    }

    @Test
    void serveRefusesANetworkAddressWithoutAnApiKeyBeforeLoadingTheModel() {
        Run r = run("serve", "--model", "/nonexistent", "--host", "0.0.0.0", "--api-key", "");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--api-key"), r.err());
    }

    @Test
    void brokenModelFolderGivesOneSentence(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\":\"llama\"}");
        Run r = run("generate", "--model", dir.toString(), "--prompt", "x");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("loupe: The model "), r.err());
    }

    @Test
    void importThenListShowsTheModelWithItsFigures(@TempDir Path dir) {
        Path source = SharedModels.storiesSource();
        Path models = dir.resolve("models");
        Run imported = run("import-llama2c", "--checkpoint", source.resolve("stories260K.bin").toString(),
                "--tokenizer", source.resolve("tok512.bin").toString(), "--out", models.resolve("tiny").toString());
        assertEquals(0, imported.exit(), imported.err());
        Run listed = run("models", "--dir", models.toString());
        assertEquals(0, listed.exit(), listed.err());
        String row = listed.out().lines().filter(l -> l.startsWith("tiny")).findFirst().orElseThrow();
        assertTrue(row.contains("LlamaForCausalLM") && row.contains("F32") && row.contains("512"), row);
        assertTrue(row.contains("5 layers x 4 kv heads x 8"), row);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void versionPrintsTheMavenProjectVersion() throws IOException {
        // The test runs in app/; its pom names the parent version, which the build filters into version.properties.
        String pom = Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<parent>.*?<version>([^<]+)</version>", java.util.regex.Pattern.DOTALL)
                .matcher(pom);
        assertTrue(m.find(), "app/pom.xml names its parent version");
        Run r = run("--version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Loupe " + m.group(1), r.out().lines().findFirst().orElseThrow());
    }
}
