package dev.loupe.rag.chunk;

import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.document.ExtractedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fixed windows of {@code maxTokens} tokens that overlap by {@code overlapTokens}, within each page. Ignores
 * structure; the baseline the other strategies are compared against.
 */
public final class FixedTokenChunker implements Chunker {
    private final EmbeddingTokenizer tokenizer;
    private final int maxTokens;
    private final int overlapTokens;

    public FixedTokenChunker(EmbeddingTokenizer tokenizer, int maxTokens, int overlapTokens) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxTokens < 1 || overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("Need maxTokens >= 1 and 0 <= overlap < maxTokens, got "
                    + maxTokens + " and " + overlapTokens);
        }
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    @Override
    public List<ChunkSpan> chunk(ExtractedDocument document) {
        String text = document.text();
        List<ChunkSpan> out = new ArrayList<>();
        for (int[] region : document.pageRegions()) {
            ChunkSpan span = TextPieces.trimmed(text, region[0], region[1]);
            if (span != null) {
                out.addAll(TextPieces.tokenWindows(tokenizer, text, span, maxTokens, overlapTokens));
            }
        }
        return out;
    }
}
