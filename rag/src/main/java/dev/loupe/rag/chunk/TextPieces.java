package dev.loupe.rag.chunk;

import dev.loupe.rag.embed.EmbeddingTokenizer;
import dev.loupe.rag.embed.TokenSpan;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Span arithmetic the chunkers share: trimming, splitting at separators, merging, hard token cuts. */
final class TextPieces {
    private static final Pattern BLANK_LINES = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");
    private static final Pattern LINE_BREAKS = Pattern.compile("\\n");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private TextPieces() {}

    /** {@code [start, end)} without leading and trailing whitespace, or null when nothing is left. */
    static ChunkSpan trimmed(String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return start < end ? new ChunkSpan(start, end) : null;
    }

    static int tokens(EmbeddingTokenizer tokenizer, String text, ChunkSpan span) {
        return tokenizer.countTokens(text.substring(span.start(), span.end()));
    }

    /** Cuts {@code span} after every match of {@code separator}; pieces are trimmed and blank ones dropped. */
    static List<ChunkSpan> splitAfter(String text, ChunkSpan span, Pattern separator) {
        List<ChunkSpan> out = new ArrayList<>();
        Matcher m = separator.matcher(text).region(span.start(), span.end());
        int from = span.start();
        while (m.find()) {
            add(out, trimmed(text, from, m.end()));
            from = m.end();
        }
        add(out, trimmed(text, from, span.end()));
        return out;
    }

    static List<ChunkSpan> paragraphs(String text, ChunkSpan span) {
        return splitAfter(text, span, BLANK_LINES);
    }

    static List<ChunkSpan> lines(String text, ChunkSpan span) {
        return splitAfter(text, span, LINE_BREAKS);
    }

    static List<ChunkSpan> words(String text, ChunkSpan span) {
        return splitAfter(text, span, WHITESPACE);
    }

    /** Sentences by the JDK's sentence rules (which know CJK full stops), trimmed. */
    static List<ChunkSpan> sentences(String text, ChunkSpan span) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(text.substring(span.start(), span.end()));
        List<ChunkSpan> out = new ArrayList<>();
        int from = it.first();
        for (int to = it.next(); to != BreakIterator.DONE; from = to, to = it.next()) {
            add(out, trimmed(text, span.start() + from, span.start() + to));
        }
        return out;
    }

    /** Cuts at the given section starts (offsets inside the span). */
    static List<ChunkSpan> cutAt(String text, ChunkSpan span, List<Integer> starts) {
        List<ChunkSpan> out = new ArrayList<>();
        int from = span.start();
        for (int s : starts) {
            if (s > from && s < span.end()) {
                add(out, trimmed(text, from, s));
                from = s;
            }
        }
        add(out, trimmed(text, from, span.end()));
        return out;
    }

    /**
     * Windows of at most {@code maxTokens} tokens that advance by {@code maxTokens - overlap} tokens. Each window
     * is re-counted on its own text (word pieces cut mid-word can tokenise differently) and shrunk until it fits.
     */
    static List<ChunkSpan> tokenWindows(EmbeddingTokenizer tokenizer, String text, ChunkSpan span, int maxTokens,
            int overlap) {
        String sub = text.substring(span.start(), span.end());
        List<TokenSpan> tokens = tokenizer.tokenSpans(sub);
        List<ChunkSpan> out = new ArrayList<>();
        if (tokens.isEmpty()) {
            return out;
        }
        int stride = Math.max(1, maxTokens - overlap);
        int first = 0;
        while (first < tokens.size()) {
            int last = Math.min(tokens.size(), first + maxTokens) - 1;
            ChunkSpan window = null;
            while (last >= first) {
                ChunkSpan candidate = trimmed(text, span.start() + tokens.get(first).start(),
                        span.start() + Math.max(tokens.get(last).end(), tokens.get(first).start() + 1));
                if (candidate == null || tokens(tokenizer, text, candidate) <= maxTokens) {
                    window = candidate;
                    break;
                }
                last--;
            }
            if (window != null && (out.isEmpty() || window.end() > out.getLast().end())) {
                out.add(window);
            }
            if (last + 1 >= tokens.size()) {
                break;
            }
            first = Math.max(first + 1, Math.min(first + stride, last + 1 - overlap));
        }
        return out;
    }

    /**
     * Greedily joins neighbouring pieces while the joined text stays within {@code maxTokens}. Counts are summed
     * as an estimate and every join is re-counted, so the result never exceeds the limit.
     */
    static List<ChunkSpan> merge(EmbeddingTokenizer tokenizer, String text, List<ChunkSpan> pieces, int maxTokens) {
        List<ChunkSpan> out = new ArrayList<>();
        int i = 0;
        while (i < pieces.size()) {
            ChunkSpan group = pieces.get(i);
            int groupTokens = tokens(tokenizer, text, group);
            int j = i + 1;
            while (j < pieces.size()) {
                ChunkSpan next = pieces.get(j);
                int nextTokens = tokens(tokenizer, text, next);
                if (groupTokens + nextTokens > maxTokens) {
                    break;
                }
                ChunkSpan joined = new ChunkSpan(group.start(), next.end());
                int joinedTokens = tokens(tokenizer, text, joined);
                if (joinedTokens > maxTokens) {
                    break;
                }
                group = joined;
                groupTokens = joinedTokens;
                j++;
            }
            out.add(group);
            i = j;
        }
        return out;
    }

    private static void add(List<ChunkSpan> out, ChunkSpan span) {
        if (span != null) {
            out.add(span);
        }
    }
}
