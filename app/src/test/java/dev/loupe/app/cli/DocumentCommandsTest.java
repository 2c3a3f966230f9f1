package dev.loupe.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DocumentCommandsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoupeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void evalRetrievalPrintsTheMetricsAndEndsWithTheMachineReadableLine() throws Exception {
        Path corpus = dir.resolve("corpus.jsonl");
        Files.write(corpus, List.of(
                "{\"_id\": \"d1\", \"title\": \"Otters\", \"text\": \"Sea otters eat urchins and crabs.\"}",
                "{\"_id\": \"d2\", \"title\": \"Bread\", \"text\": \"Knead the dough and let it rise.\"}",
                "{\"_id\": \"d3\", \"title\": \"Comets\", \"text\": \"A comet's tail points away from the sun.\"}"));
        Path queries = dir.resolve("queries.jsonl");
        Files.write(queries, List.of("{\"_id\": \"q1\", \"text\": \"what do otters eat\"}",
                "{\"_id\": \"q2\", \"text\": \"comet tail direction\"}",
                "{\"_id\": \"q3\", \"text\": \"a query without judgments\"}"));
        Path qrels = dir.resolve("qrels.tsv");
        Files.write(qrels, List.of("query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td3\t1"));

        Run run = run("eval-retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(),
                "--qrels", qrels.toString(), "--mode", "hybrid");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(run.out().contains("2 queries"), run.out());
        assertTrue(run.out().contains("docs/s"), run.out());
        assertTrue(run.out().matches("(?s).*docs/s; \\d+\\.\\d CPU-seconds \\(\\d+\\.\\d ms per document\\), about \\d+ s"
                + " of wall time on \\d+ idle cores.*"), run.out()); // the figure that survives a busy machine
        assertTrue(run.out().contains("p95"), run.out());
        assertEquals("ndcg@10=1.0000 recall@100=1.0000", lines.getLast());
    }

    @Test
    void evalRetrievalReportsABadFileInOneSentence() throws Exception {
        Path corpus = dir.resolve("corpus.jsonl");
        Files.writeString(corpus, "{not json\n");
        Path other = dir.resolve("empty");
        Files.writeString(other, "");
        Run run = run("eval-retrieval", "--corpus", corpus.toString(), "--queries", other.toString(),
                "--qrels", other.toString(), "--mode", "bm25");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("line 1 is not valid JSON"), run.err());
        Run missing = run("eval-retrieval", "--corpus", dir.resolve("nope.jsonl").toString(), "--queries",
                other.toString(), "--qrels", other.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.jsonl does not exist"), missing.err());
    }

    @Test
    void benchEmbedTimesBothGraphsAndComparesTheirVectors() throws Exception {
        Path corpus = dir.resolve("corpus.jsonl");
        Files.write(corpus, List.of(
                "{\"_id\": \"d1\", \"title\": \"Otters\", \"text\": \"Sea otters eat urchins and crabs.\"}",
                "{\"_id\": \"d2\", \"title\": \"\", \"text\": \"Knead the dough and let it rise.\"}",
                "{\"_id\": \"d3\", \"title\": \"Comets\", \"text\": \"A comet's tail points away from the sun.\"}"));
        Run run = run("bench-embed", "--corpus", corpus.toString(), "--texts", "2", "--rounds", "1");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.getFirst().contains(": 2 texts from corpus.jsonl, 1 rounds"), lines.getFirst());
        Pattern timed = Pattern.compile("round 1  (stock|specialised) +[\\d,]+ tokens +\\d+\\.\\d CPU-s  \\d\\.\\d{4} ms CPU/token"
                + " +\\d+\\.\\d s wall +\\d+\\.\\d texts/s");
        assertTrue(timed.matcher(lines.get(1)).matches() && lines.get(1).contains("stock"), lines.get(1));
        assertTrue(timed.matcher(lines.get(2)).matches() && lines.get(2).contains("specialised"), lines.get(2));
        assertTrue(lines.get(3).matches("specialised / stock, CPU per token \\(medians\\): \\d\\.\\d{3}"), lines.get(3));
        assertTrue(lines.get(4).matches("vectors, 1 - cosine between the graphs: mean .+, worst .+"), lines.get(4));
    }

    @Test
    void benchEmbedRefusesAMissingCorpusOrNoTextsInOneSentence() {
        Run missing = run("bench-embed", "--corpus", dir.resolve("nope.jsonl").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.jsonl does not exist; check the path."), missing.err());
        Run none = run("bench-embed", "--corpus", dir.resolve("nope.jsonl").toString(), "--texts", "0");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--texts and --rounds must be at least 1."), none.err());
    }

    @Test
    void indexCommandIndexesIncrementallyAndListsSkippedFiles() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("a.md"), "# Notes\n\nLighthouses guide ships.");
        Files.write(docs.resolve("b.txt"), new byte[] {0, 1, 2, 3});
        Path root = dir.resolve("library");

        Run first = run("index", "--collection", "notes", "--index-root", root.toString(), docs.toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("collection notes: 2 files found, 1 indexed, 0 unchanged"), first.out());
        assertTrue(Pattern.compile("b\\.txt \\[binary] b\\.txt holds binary data").matcher(first.out()).find(),
                first.out());
        assertTrue(first.err().contains("chunks/s"), first.err());

        Run second = run("index", "--collection", "notes", "--index-root", root.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("0 indexed, 2 unchanged"), second.out());
    }

    @Test
    void rebuildReindexesEveryCollectionWithoutNamingOne() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("a.txt"), "Harbours shelter boats.");
        Path root = dir.resolve("library");
        assertEquals(0, run("index", "--collection", "one", "--index-root", root.toString(), docs.toString()).exit());
        Run rebuilt = run("index", "--rebuild", "--index-root", root.toString());
        assertEquals(0, rebuilt.exit(), rebuilt.err());
        assertTrue(rebuilt.out().contains("collection one: 1 files found, 1 indexed"), rebuilt.out());
    }

    @Test
    void indexCommandRefusesAnUnknownCollectionWithoutPaths() {
        Run run = run("index", "--collection", "nothing", "--index-root", dir.resolve("lib").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("does not exist yet"), run.err());
    }
}
