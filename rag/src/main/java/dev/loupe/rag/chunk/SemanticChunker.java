package dev.loupe.rag.chunk;

import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.document.ExtractedDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Groups consecutive sentences and starts a new chunk where the topic shifts: where the cosine distance between
 * the embeddings of neighbouring sentences is above the given percentile of all neighbour distances in the page,
 * or where the next sentence would overflow the limit. Sentences longer than the limit are split recursively.
 *
 * <p>Costs one embedding per sentence on top of the chunk embeddings; meant for prose where paragraphs are
 * missing or unreliable.
 */
public final class SemanticChunker implements Chunker {
    private final Embedder embedder;
    private final int maxTokens;
    private final double breakPercentile;
    private final RecursiveChunker recursive;

    public SemanticChunker(Embedder embedder, int maxTokens, double breakPercentile) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        if (maxTokens < 1 || !(breakPercentile >= 0 && breakPercentile <= 100)) {
            throw new IllegalArgumentException("Need maxTokens >= 1 and a percentile in 0..100");
        }
        this.maxTokens = maxTokens;
        this.breakPercentile = breakPercentile;
        this.recursive = new RecursiveChunker(embedder.tokenizer(), maxTokens);
    }

    @Override
    public List<ChunkSpan> chunk(ExtractedDocument document) {
        String text = document.text();
        List<ChunkSpan> out = new ArrayList<>();
        for (int[] region : document.pageRegions()) {
            ChunkSpan span = TextPieces.trimmed(text, region[0], region[1]);
            if (span == null) {
                continue;
            }
            List<ChunkSpan> sentences = new ArrayList<>();
            for (ChunkSpan s : TextPieces.sentences(text, span)) {
                sentences.addAll(recursive.split(text, s, RecursiveChunker.Level.WORDS, List.of()));
            }
            out.addAll(group(text, sentences));
        }
        return out;
    }

    private List<ChunkSpan> group(String text, List<ChunkSpan> sentences) {
        if (sentences.size() <= 1) {
            return sentences;
        }
        List<float[]> vectors = embedder.embedDocuments(
                sentences.stream().map(s -> text.substring(s.start(), s.end())).toList());
        double[] distances = new double[sentences.size() - 1]; // [i] between sentence i and i + 1
        for (int i = 0; i < distances.length; i++) {
            distances[i] = 1.0 - dot(vectors.get(i), vectors.get(i + 1));
        }
        double threshold = percentile(distances, breakPercentile);
        List<ChunkSpan> out = new ArrayList<>();
        ChunkSpan group = sentences.getFirst(); // every sentence fits on its own (split above)
        for (int i = 1; i < sentences.size(); i++) {
            ChunkSpan next = sentences.get(i);
            boolean topicShift = distances[i - 1] > threshold;
            ChunkSpan joined = new ChunkSpan(group.start(), next.end());
            if (topicShift || TextPieces.tokens(embedder.tokenizer(), text, joined) > maxTokens) {
                out.add(group);
                group = next;
            } else {
                group = joined;
            }
        }
        out.add(group);
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
