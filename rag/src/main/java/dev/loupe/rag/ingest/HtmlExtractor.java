package dev.loupe.rag.ingest;

import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML through jsoup: the visible text of the body, block elements separated by blank lines (so paragraphs
 * survive for the chunkers), {@code h1}-{@code h6} as headings, scripts and styles dropped, {@code pre} kept
 * verbatim. The title is {@code <title>}, else the first {@code h1}, else the file name.
 */
public final class HtmlExtractor implements DocumentExtractor {
    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "head", "svg");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "header",
            "footer", "aside", "nav", "blockquote", "pre", "ul", "ol", "li", "table", "tr", "dl", "dt", "dd",
            "figure", "figcaption", "form", "fieldset", "address", "hr", "h1", "h2", "h3", "h4", "h5", "h6");

    @Override
    public ExtractedDocument extract(byte[] content, String fileName) {
        String html = TextDecoding.decode(content, fileName);
        Document dom = Jsoup.parse(html);
        Builder builder = new Builder();
        NodeTraversor.traverse(builder, dom.body());
        String text = builder.text.toString().strip();
        int shift = builder.text.length() - builder.text.toString().stripLeading().length();
        List<Heading> headings = new ArrayList<>();
        for (Heading h : builder.headings) {
            int offset = Math.max(0, Math.min(text.length(), h.offset() - shift));
            headings.add(new Heading(offset, h.level(), h.title()));
        }
        String title = dom.title().strip();
        if (title.isEmpty()) {
            title = headings.stream().filter(h -> h.level() == 1).findFirst().map(Heading::title)
                    .orElse(TextDecoding.stem(fileName));
        }
        return new ExtractedDocument(title, text, headings, List.of());
    }

    private static final class Builder implements NodeVisitor {
        final StringBuilder text = new StringBuilder();
        final List<Heading> headings = new ArrayList<>();
        private int skipDepth;
        private int preDepth;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element e) {
                String tag = e.normalName();
                if (SKIPPED.contains(tag)) {
                    skipDepth++;
                } else if (skipDepth == 0) {
                    if (BLOCKS.contains(tag)) {
                        paragraphBreak();
                    }
                    if (tag.equals("br")) {
                        text.append('\n');
                    } else if (tag.equals("pre")) {
                        preDepth++;
                    } else if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                        headings.add(new Heading(text.length(), tag.charAt(1) - '0', e.text()));
                    } else if (tag.equals("td") || tag.equals("th")) {
                        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                            text.append(" | ");
                        }
                    }
                }
            } else if (node instanceof TextNode t && skipDepth == 0) {
                if (preDepth > 0) {
                    text.append(t.getWholeText());
                } else {
                    String s = t.text(); // whitespace collapsed
                    if (s.isBlank()) {
                        if (!text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))) {
                            text.append(' ');
                        }
                    } else {
                        if (s.startsWith(" ") && (text.isEmpty()
                                || Character.isWhitespace(text.charAt(text.length() - 1)))) {
                            s = s.stripLeading();
                        }
                        text.append(s);
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element e) {
                String tag = e.normalName();
                if (SKIPPED.contains(tag)) {
                    skipDepth--;
                } else if (skipDepth == 0) {
                    if (tag.equals("pre")) {
                        preDepth--;
                    }
                    if (BLOCKS.contains(tag)) {
                        paragraphBreak();
                    }
                }
            }
        }

        private void paragraphBreak() {
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
                end--;
            }
            text.setLength(end);
            if (text.isEmpty() || text.toString().endsWith("\n\n")) {
                return;
            }
            text.append(text.charAt(text.length() - 1) == '\n' ? "\n" : "\n\n");
        }
    }
}
