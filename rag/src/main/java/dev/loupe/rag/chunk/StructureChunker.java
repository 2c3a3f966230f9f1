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
                List<ChunkSpan> pieces = recursive.split(text, section, RecursiveChunker.Level.PARAGRAPHS, List.of());
                out.addAll(pieces.size() > 1 ? keepHeadingsWithBody(text, section, starts, pieces) : pieces);
            }
        }
        return out;
    }

    /**
     * Splits an oversized section again so that its heading lines open the first chunk instead of standing alone:
     * the body is split with the heading's tokens held back, then the heading is put in front of the first piece.
     */
    private List<ChunkSpan> keepHeadingsWithBody(String text, ChunkSpan section, List<Integer> starts,
            List<ChunkSpan> pieces) {
        int bodyStart = section.start();
        for (int start : starts) {
            if (start == bodyStart) {
                int lineEnd = text.indexOf('\n', start);
                if (lineEnd < 0 || lineEnd >= section.end()) {
                    return pieces;
                }
                bodyStart = lineEnd + 1;
                while (bodyStart < section.end() && Character.isWhitespace(text.charAt(bodyStart))) {
                    bodyStart++;
                }
            }
        }
        ChunkSpan body = TextPieces.trimmed(text, bodyStart, section.end());
        if (bodyStart == section.start() || body == null) {
            return pieces;
        }
        int headerTokens = TextPieces.tokens(tokenizer, text, new ChunkSpan(section.start(), bodyStart));
        if (headerTokens * 2 > maxTokens) {
            return pieces; // a heading that long cannot share a chunk sensibly
        }
        List<ChunkSpan> bodyPieces = new RecursiveChunker(tokenizer, maxTokens - headerTokens)
                .split(text, body, RecursiveChunker.Level.PARAGRAPHS, List.of());
        ChunkSpan first = new ChunkSpan(section.start(), bodyPieces.getFirst().end());
        if (TextPieces.tokens(tokenizer, text, first) > maxTokens) {
            return pieces;
        }
        List<ChunkSpan> out = new ArrayList<>(bodyPieces);
        out.set(0, first);
        return out;
    }

    private static List<ChunkSpan> joinBareHeadings(String text, List<ChunkSpan> sections) {
        List<ChunkSpan> out = new ArrayList<>();
        ChunkSpan pending = null;
        for (ChunkSpan section : sections) {
            // A bare heading always joins the next section; if that makes it too large, the recursive split
            // keeps the heading lines with the section's first paragraph.
            ChunkSpan current = pending == null ? section : new ChunkSpan(pending.start(), section.end());
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
