package dev.loupe.app.cli;

import dev.loupe.rag.eval.BeirDataset;
import dev.loupe.rag.eval.EmbeddingGraphBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-embed", mixinStandardHelpOptions = true, description = {
        "Time the document embedder's specialised graph beside the model's stock graph in one run: each round embeds",
        "the first TEXTS documents of a BEIR corpus (title and text, as the indexer does) with each graph in turn, and",
        "prints CPU-seconds, CPU per token, wall time and texts/s, the ratio of the medians, and how far the two",
        "graphs' vectors are apart (1 - cosine)."})
final class BenchEmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, description = "corpus.jsonl or corpus.jsonl.gz (BEIR layout)")
    Path corpus;

    @Option(names = "--texts", defaultValue = "500", description = "documents embedded per run (default: ${DEFAULT-VALUE})")
    int texts;

    @Option(names = "--rounds", defaultValue = "2", description = "runs per graph, interleaved (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (texts < 1 || rounds < 1) {
            err.println("bench-embed: --texts and --rounds must be at least 1.");
            return 2;
        }
        List<String> inputs;
        try {
            inputs = BeirDataset.loadCorpus(corpus).stream()
                    .map(doc -> doc.title().isBlank() ? doc.text() : doc.title() + "\n" + doc.text())
                    .filter(text -> !text.isBlank())
                    .limit(texts)
                    .toList();
        } catch (NoSuchFileException e) {
            err.println("bench-embed: " + e.getFile() + " does not exist; check the path.");
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            err.println("bench-embed: " + e.getMessage());
            return 2;
        }
        if (inputs.isEmpty()) {
            err.println("bench-embed: " + corpus + " holds no document with text.");
            return 2;
        }
        int threads = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "bge-small-en-v1.5 int8 on %d workers: %d texts from %s, %d rounds, graphs interleaved%n",
                threads, inputs.size(), corpus.getFileName(), rounds);
        out.flush();
        EmbeddingGraphBench.Report report = EmbeddingGraphBench.run(inputs, rounds, threads, run -> {
            out.printf(Locale.ROOT, "round %d  %-11s  %,d tokens  %6.1f CPU-s  %.4f ms CPU/token  %6.1f s wall  %5.1f texts/s%n",
                    run.round(), run.graph().name().toLowerCase(Locale.ROOT), run.tokens(), run.cpuSeconds(),
                    run.cpuMillisPerToken(), run.wallSeconds(), run.textsPerSecond());
            out.flush();
        });
        out.printf(Locale.ROOT, "specialised / stock, CPU per token (medians): %.3f%n", report.cpuRatio());
        out.printf(Locale.ROOT, "vectors, 1 - cosine between the graphs: mean %.1e, worst %.1e%n", report.meanDistance(),
                report.worstDistance());
        out.flush();
        return 0;
    }
}
