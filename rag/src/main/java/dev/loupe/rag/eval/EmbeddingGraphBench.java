package dev.loupe.rag.eval;

import dev.loupe.rag.embed.OnnxBgeEmbedder;
import dev.loupe.rag.embed.OnnxBgeEmbedder.Graph;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The embedding model's specialised graph beside its stock graph (decision 0085), in one process: each round loads
 * the embedder with each graph in turn, warms it up, then embeds the same texts as the indexer does (one text per
 * run on every worker) and records CPU and wall time. Graphs are interleaved round by round so that a change in the
 * machine's load hits both alike. The vectors of the two graphs are compared as well.
 */
public final class EmbeddingGraphBench {
    private static final int WARM_UP_TEXTS = 8;

    /** One graph's timed pass over the texts. */
    public record Run(Graph graph, int round, int texts, long tokens, double cpuSeconds, double wallSeconds) {
        public double cpuMillisPerToken() {
            return 1000 * cpuSeconds / Math.max(1, tokens);
        }

        public double textsPerSecond() {
            return texts / Math.max(1e-9, wallSeconds);
        }
    }

    /**
     * @param meanDistance mean of 1 − cosine between the two graphs' vectors of each text
     * @param worstDistance the largest of those
     */
    public record Report(List<Run> runs, double meanDistance, double worstDistance) {
        /** Median CPU per token of the specialised graph over that of the stock graph: below 1 is faster. */
        public double cpuRatio() {
            return median(Graph.SPECIALISED) / median(Graph.STOCK);
        }

        private double median(Graph graph) {
            double[] values = runs.stream().filter(r -> r.graph() == graph).mapToDouble(Run::cpuMillisPerToken)
                    .sorted().toArray();
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }

    private EmbeddingGraphBench() {
    }

    /**
     * Runs the comparison.
     *
     * @param texts what to embed, as the indexer would hand it to the model
     * @param rounds passes per graph, at least 1
     * @param threads embedding workers
     * @param progress told each run as it finishes
     */
    public static Report run(List<String> texts, int rounds, int threads, Consumer<Run> progress) {
        Objects.requireNonNull(progress, "progress");
        if (texts.isEmpty() || rounds < 1 || threads < 1) {
            throw new IllegalArgumentException("The bench needs texts, at least one round and one worker.");
        }
        List<Run> runs = new ArrayList<>();
        Map<Graph, List<float[]>> vectors = new EnumMap<>(Graph.class);
        for (int round = 1; round <= rounds; round++) {
            for (Graph graph : List.of(Graph.STOCK, Graph.SPECIALISED)) {
                try (OnnxBgeEmbedder embedder = OnnxBgeEmbedder.load(OnnxBgeEmbedder.BGE_QUERY_INSTRUCTION, threads,
                        graph)) {
                    if (embedder.graph() != graph) {
                        throw new IllegalStateException("The specialised graph could not be built; see the log.");
                    }
                    embedder.embedDocuments(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
                    long tokens = 0;
                    for (String text : texts) {
                        tokens += Math.min(embedder.tokenizer().countTokens(text), embedder.maxInputTokens()) + 2;
                    }
                    long cpuStart = ProcessCpu.nanos();
                    long wallStart = System.nanoTime();
                    List<float[]> embedded = embedder.embedDocuments(texts);
                    double wall = (System.nanoTime() - wallStart) / 1e9;
                    double cpu = (ProcessCpu.nanos() - cpuStart) / 1e9;
                    vectors.putIfAbsent(graph, embedded);
                    Run run = new Run(graph, round, texts.size(), tokens, cpu, wall);
                    runs.add(run);
                    progress.accept(run);
                }
            }
        }
        double sum = 0;
        double worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            double distance = 1 - dot(vectors.get(Graph.STOCK).get(i), vectors.get(Graph.SPECIALISED).get(i));
            sum += distance;
            worst = Math.max(worst, distance);
        }
        return new Report(List.copyOf(runs), sum / texts.size(), worst);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
