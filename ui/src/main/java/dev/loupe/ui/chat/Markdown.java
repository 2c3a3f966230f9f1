package dev.loupe.ui.chat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown that chat answers use, parsed into blocks: headings, paragraphs, fenced code, bullet and numbered
 * lists, quotes and rules, with bold, italic and inline code inside them. Text that is still streaming parses
 * too: an unclosed code fence is code up to the end. Line breaks inside a paragraph are kept, since models use
 * them on purpose. Pure and thread-safe.
 */
public final class Markdown {
    private Markdown() {}

    /** Inline styles. */
    public enum Style { BOLD, ITALIC, CODE }

    /** A run of text with one set of styles. */
    public record Span(String text, Set<Style> styles) {
        public Span {
            Objects.requireNonNull(text, "text");
            styles = styles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(styles));
        }

        static Span plain(String text) {
            return new Span(text, Set.of());
        }
    }

    /** A block of a message. */
    public sealed interface Block permits Heading, Paragraph, CodeBlock, ListBlock, Quote, Rule {}

    public record Heading(int level, List<Span> spans) implements Block {
        public Heading {
            spans = List.copyOf(spans);
        }
    }

    public record Paragraph(List<Span> spans) implements Block {
        public Paragraph {
            spans = List.copyOf(spans);
        }
    }

    /** Fenced code; {@code closed} is false while its closing fence has not arrived. */
    public record CodeBlock(String language, String code, boolean closed) implements Block {}

    /** One item of a list; {@code depth} 0 for the outermost level. */
    public record Item(int depth, String marker, List<Span> spans) {
        public Item {
            spans = List.copyOf(spans);
        }
    }

    public record ListBlock(boolean ordered, List<Item> items) implements Block {
        public ListBlock {
            items = List.copyOf(items);
        }
    }

    public record Quote(List<Span> spans) implements Block {
        public Quote {
            spans = List.copyOf(spans);
        }
    }

    public record Rule() implements Block {}

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```+|~~~+)\\s*([\\w+#.-]*)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)([-*+])\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^(\\s*)(\\d{1,9})([.)])\\s+(.*)$");
    private static final Pattern QUOTE = Pattern.compile("^\\s{0,3}>\\s?(.*)$");
    private static final Pattern RULE = Pattern.compile("^\\s{0,3}([-*_])(\\s*\\1){2,}\\s*$");

    /** Parses a whole message. */
    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            Matcher m;
            if (line.isBlank()) {
                i++;
            } else if ((m = FENCE.matcher(line)).matches()) {
                String fence = m.group(1);
                String language = m.group(2);
                StringBuilder code = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < lines.length) {
                    if (lines[i].strip().startsWith(fence.substring(0, 3)) && lines[i].strip().replace(fence.substring(0, 1), "").isEmpty()) {
                        closed = true;
                        i++;
                        break;
                    }
                    if (!code.isEmpty()) {
                        code.append('\n');
                    }
                    code.append(lines[i]);
                    i++;
                }
                blocks.add(new CodeBlock(language, code.toString(), closed));
            } else if ((m = HEADING.matcher(line)).matches()) {
                blocks.add(new Heading(m.group(1).length(), inline(m.group(2))));
                i++;
            } else if (RULE.matcher(line).matches()) {
                blocks.add(new Rule());
                i++;
            } else if (BULLET.matcher(line).matches() || NUMBERED.matcher(line).matches()) {
                boolean ordered = NUMBERED.matcher(line).matches();
                List<Item> items = new ArrayList<>();
                while (i < lines.length && !lines[i].isBlank()) {
                    Matcher bullet = BULLET.matcher(lines[i]);
                    Matcher numbered = NUMBERED.matcher(lines[i]);
                    if (bullet.matches()) {
                        items.add(new Item(depth(bullet.group(1)), "•", inline(bullet.group(3))));
                    } else if (numbered.matches()) {
                        items.add(new Item(depth(numbered.group(1)), numbered.group(2) + ".", inline(numbered.group(4))));
                    } else if (!items.isEmpty() && lines[i].startsWith(" ")) {
                        // A continuation line of the previous item.
                        Item last = items.removeLast();
                        List<Span> spans = new ArrayList<>(last.spans());
                        spans.add(Span.plain(" "));
                        spans.addAll(inline(lines[i].strip()));
                        items.add(new Item(last.depth(), last.marker(), spans));
                    } else {
                        break;
                    }
                    i++;
                }
                blocks.add(new ListBlock(ordered, items));
            } else if (QUOTE.matcher(line).matches()) {
                StringBuilder quote = new StringBuilder();
                while (i < lines.length && (m = QUOTE.matcher(lines[i])).matches()) {
                    if (!quote.isEmpty()) {
                        quote.append('\n');
                    }
                    quote.append(m.group(1));
                    i++;
                }
                blocks.add(new Quote(inline(quote.toString())));
            } else {
                StringBuilder paragraph = new StringBuilder();
                while (i < lines.length && !lines[i].isBlank() && !startsBlock(lines[i])) {
                    if (!paragraph.isEmpty()) {
                        paragraph.append('\n');
                    }
                    paragraph.append(lines[i]);
                    i++;
                }
                blocks.add(new Paragraph(inline(paragraph.toString())));
            }
        }
        return blocks;
    }

    private static boolean startsBlock(String line) {
        return FENCE.matcher(line).matches() || HEADING.matcher(line).matches() || RULE.matcher(line).matches()
                || BULLET.matcher(line).matches() || NUMBERED.matcher(line).matches() || QUOTE.matcher(line).matches();
    }

    private static int depth(String indent) {
        int width = indent.replace("\t", "    ").length();
        return Math.min(width / 2, 6);
    }

    /**
     * Inline markup: {@code `code`}, {@code **bold**} or {@code __bold__}, {@code *italic*} or {@code _italic_}.
     * An opening marker without its closing one stays as typed, so half-streamed text looks like text.
     */
    static List<Span> inline(String text) {
        List<Span> spans = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end > i + 1) {
                    flush(spans, plain);
                    spans.add(new Span(text.substring(i + 1, end), Set.of(Style.CODE)));
                    i = end + 1;
                    continue;
                }
            } else if ((c == '*' || c == '_') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                String marker = "" + c + c;
                int end = text.indexOf(marker, i + 2);
                if (end > i + 2) {
                    flush(spans, plain);
                    for (Span inner : inline(text.substring(i + 2, end))) {
                        Set<Style> styles = EnumSet.of(Style.BOLD);
                        styles.addAll(inner.styles());
                        spans.add(new Span(inner.text(), styles));
                    }
                    i = end + 2;
                    continue;
                }
            } else if ((c == '*' || c == '_') && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))
                    && (c == '*' || i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                int end = closingSingle(text, c, i + 1);
                if (end > i + 1) {
                    flush(spans, plain);
                    for (Span inner : inline(text.substring(i + 1, end))) {
                        Set<Style> styles = EnumSet.of(Style.ITALIC);
                        styles.addAll(inner.styles());
                        spans.add(new Span(inner.text(), styles));
                    }
                    i = end + 1;
                    continue;
                }
            }
            plain.append(c);
            i++;
        }
        flush(spans, plain);
        return spans;
    }

    private static int closingSingle(String text, char marker, int from) {
        for (int j = from; j < text.length(); j++) {
            if (text.charAt(j) == marker && !Character.isWhitespace(text.charAt(j - 1))
                    && (j + 1 >= text.length() || text.charAt(j + 1) != marker)
                    && (marker == '*' || j + 1 >= text.length() || !Character.isLetterOrDigit(text.charAt(j + 1)))) {
                return j;
            }
        }
        return -1;
    }

    private static void flush(List<Span> spans, StringBuilder plain) {
        if (!plain.isEmpty()) {
            spans.add(Span.plain(plain.toString()));
            plain.setLength(0);
        }
    }
}
