package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.app.Main;
import dev.loupe.inference.testing.SharedModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe ask} on stories260K and a collection the test indexes: the structure of the output, not wisdom. */
class AskCommandTest {
    @TempDir
    static Path dir;

    private static Path library;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void indexStories() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("cat.md"), "# Cat\n\nThe cat slept on the warm mat by the door.");
        Files.writeString(docs.resolve("dog.txt"), "The dog ran to the park and played with a ball.");
        library = dir.resolve("library");
        Run indexed = run("index", "--collection", "stories", "--index-root", library.toString(), docs.toString());
        assertEquals(0, indexed.exit(), indexed.err());
    }

    private static String[] ask(String... extra) {
        String[] base = {"ask", "--collection", "stories", "--index-root", library.toString(), "--model",
            SharedModels.stories260K().toString(), "--max-tokens", "24", "--seed", "3", "--k", "2"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void printsTheAnswerThenTheNumberedSourcesWithFileAndOffsets() {
        Run run = run(ask("Where did the cat sleep?"));
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        int sources = out.indexOf("Sources:\n");
        assertTrue(sources > 0, out);
        assertTrue(out.substring(sources).matches("(?s)Sources:\n\\[1] \\S*cat\\.md chars \\d+-\\d+.*\n\\[2] \\S*dog\\.txt"
                + " chars \\d+-\\d+.*"), out);
    }

    @Test
    void jsonShowsSourcesRetrieverScoresAndTheExactPrompt() throws Exception {
        Run run = run(ask("--json", "Where did the cat sleep?"));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("plain", json.get("mode").asText());
        assertTrue(json.get("draft").isNull());
        JsonNode first = json.get("sources").get(0);
        assertEquals(1, first.get("number").asInt());
        assertTrue(first.get("file").asText().endsWith("cat.md"));
        String text = first.get("text").asText();
        assertEquals(text.length(), first.get("end_char").asInt() - first.get("start_char").asInt());
        assertTrue(json.get("prompt").get("user").asText().contains("[1] cat.md, Cat\n" + text.strip()),
                json.get("prompt").toString());
        assertTrue(json.get("prompt").get("system").asText().contains("[1]"));
        JsonNode retrieved = json.get("retrieved").get(0);
        assertTrue(retrieved.get("bm25").get("rank").asInt() >= 1, retrieved.toString());
        assertTrue(retrieved.get("dense").get("score").isNumber(), retrieved.toString());
        assertTrue(json.get("citations").isArray());
        assertFalse(json.get("answer").asText().isEmpty());
    }

    @Test
    void hydeModeReportsTheDraftItSearchedWith() throws Exception {
        Run run = run(ask("--json", "--mode", "hyde", "Where did the cat sleep?"));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("hyde", json.get("mode").asText());
        assertTrue(json.get("draft").isTextual(), json.toString());
        assertEquals(2, json.get("sources").size());
    }

    @Test
    void anUnknownCollectionIsToldInOneSentence() {
        Run run = run("ask", "--collection", "nope", "--index-root", library.toString(), "--model",
                SharedModels.stories260K().toString(), "anything?");
        assertEquals(1, run.exit());
        assertEquals("ask: There is no collection nope; create it with loupe index --collection nope FOLDER.",
                run.err().strip());
    }
}
