package dev.loupe.rag.chunk;

import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows the document's headings: each section (heading plus body, up to the next heading of any level) becomes
 * one chunk, so a chunk has one heading path; a section larger than the limit is split by {@link RecursiveChunker}
 * from paragraphs down. A heading with no body of its own (directly followed by a subheading) joins the next
 * section instead of becoming a chunk of one line. Documents without headings behave as with the recursive
 * strategy.
 */
public final class StructureChunker implements Chunker {
    private final EmbeddingTokenizer tokenizer;
    private final int maxTokens;
    private final RecursiveChunker recursive;

    public StructureChunker(EmbeddingTokenizer tokenizer, int maxTokens) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.maxTokens = maxTokens;
        this.recursive = new RecursiveChunker(tokenizer, maxTokens);
    }

    @Override
    public List<ChunkSpan> chunk(ExtractedDocument document) {
        String text = document.text();
        List<Integer> starts = document.headings().stream().map(Heading::offset).toList();
        List<ChunkSpan> out = new ArrayList<>();
        for (int[] region : document.pageRegions()) {
            ChunkSpan span = TextPieces.trimmed(text, region[0], region[1]);
            if (span == null) {
                continue;
            }
            List<ChunkSpan> sections = joinBareHeadings(text, TextPieces.cutAt(text, span, starts));
            for (ChunkSpan section : sections) {
                out.addAll(recursive.split(text, section, RecursiveChunker.Level.PARAGRAPHS, List.of()));
            }
        }
        return out;
    }

    private List<ChunkSpan> joinBareHeadings(String text, List<ChunkSpan> sections) {
        List<ChunkSpan> out = new ArrayList<>();
        ChunkSpan pending = null;
        for (ChunkSpan section : sections) {
            ChunkSpan current = pending == null ? section : new ChunkSpan(pending.start(), section.end());
            if (pending != null && TextPieces.tokens(tokenizer, text, current) > maxTokens) {
                out.add(pending); // joining would overflow: the bare heading stays on its own
                current = section;
            }
            boolean bare = text.substring(current.start(), current.end()).indexOf('\n') < 0
                    && current.end() < sections.getLast().end();
            pending = bare ? current : null;
            if (!bare) {
                out.add(current);
            }
        }
        if (pending != null) {
            out.add(pending);
        }
        return out;
    }
}
