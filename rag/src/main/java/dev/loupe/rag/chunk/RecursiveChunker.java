package dev.loupe.rag.chunk;

import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits by the coarsest boundary that works: heading sections, then paragraphs (blank lines), lines, sentences,
 * words, and as a last resort token windows (long runs without spaces, such as CJK text or base64). Small
 * neighbouring pieces are merged back up to the limit, so chunks are as large as the limit allows without
 * cutting a finer boundary when a coarser one fits.
 */
public final class RecursiveChunker implements Chunker {
    private final EmbeddingTokenizer tokenizer;
    private final int maxTokens;

    public RecursiveChunker(EmbeddingTokenizer tokenizer, int maxTokens) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    @Override
    public List<ChunkSpan> chunk(ExtractedDocument document) {
        String text = document.text();
        List<Integer> sectionStarts = document.headings().stream().map(Heading::offset).toList();
        List<ChunkSpan> out = new ArrayList<>();
        for (int[] region : document.pageRegions()) {
            ChunkSpan span = TextPieces.trimmed(text, region[0], region[1]);
            if (span != null) {
                out.addAll(split(text, span, Level.SECTIONS, sectionStarts));
            }
        }
        return out;
    }

    /** Splits one span that may be too large, starting at {@code level}. Also used by {@link StructureChunker}. */
    List<ChunkSpan> split(String text, ChunkSpan span, Level level, List<Integer> sectionStarts) {
        if (TextPieces.tokens(tokenizer, text, span) <= maxTokens) {
            return List.of(span);
        }
        Level current = level;
        while (current != Level.TOKENS) {
            List<ChunkSpan> pieces = switch (current) {
                case SECTIONS -> TextPieces.cutAt(text, span, sectionStarts);
                case PARAGRAPHS -> TextPieces.paragraphs(text, span);
                case LINES -> TextPieces.lines(text, span);
                case SENTENCES -> TextPieces.sentences(text, span);
                case WORDS -> TextPieces.words(text, span);
                case TOKENS -> throw new IllegalStateException("unreachable");
            };
            Level finer = Level.values()[current.ordinal() + 1];
            if (pieces.size() > 1) {
                List<ChunkSpan> parts = new ArrayList<>();
                for (ChunkSpan piece : pieces) {
                    parts.addAll(split(text, piece, finer, sectionStarts));
                }
                return TextPieces.merge(tokenizer, text, parts, maxTokens);
            }
            current = finer;
        }
        return TextPieces.tokenWindows(tokenizer, text, span, maxTokens, 0);
    }

    /** Boundaries from coarsest to finest. */
    enum Level {
        SECTIONS,
        PARAGRAPHS,
        LINES,
        SENTENCES,
        WORDS,
        TOKENS
    }
}
