package dev.loupe.rag;

import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.embed.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast, deterministic test embedder: words (runs of letters or digits, or single other symbols) are tokens, and
 * a text's vector is its bag of lower-cased words hashed into {@code dimensions} buckets, normalised. Texts that
 * share words are similar. For tests that need many embeddings or a child JVM without the ONNX model.
 */
public final class HashingEmbedder implements Embedder {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");
    private final int dimensions;
    private final int maxTokens;

    public HashingEmbedder(int dimensions, int maxTokens) {
        this.dimensions = dimensions;
        this.maxTokens = maxTokens;
    }

    @Override
    public String modelId() {
        return "hashing-" + dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public int maxInputTokens() {
        return maxTokens;
    }

    @Override
    public EmbeddingTokenizer tokenizer() {
        return new EmbeddingTokenizer() {
            @Override
            public int countTokens(String text) {
                return tokenSpans(text).size();
            }

            @Override
            public List<TokenSpan> tokenSpans(String text) {
                List<TokenSpan> out = new ArrayList<>();
                Matcher m = TOKEN.matcher(text);
                while (m.find()) {
                    out.add(new TokenSpan(m.start(), m.end()));
                }
                return out;
            }
        };
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    @Override
    public float[] embedQuery(String query) {
        return embed(query);
    }

    private float[] embed(String text) {
        float[] v = new float[dimensions];
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            v[Math.floorMod(m.group().hashCode(), dimensions)] += 1f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1f;
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
