package dev.loupe.rag.ingest;

import dev.loupe.rag.document.ExtractedDocument;
import dev.loupe.rag.document.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown kept as written (so offsets are file offsets and the chunk text is what the user typed), with ATX
 * ({@code ## Title}) and setext ({@code Title} over {@code ===}) headings found outside fenced code blocks. The
 * title is the first level-1 heading, else the file name.
 */
public final class MarkdownExtractor implements DocumentExtractor {
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    @Override
    public ExtractedDocument extract(byte[] content, String fileName) {
        String text = TextDecoding.decode(content, fileName);
        List<Heading> headings = new ArrayList<>();
        boolean inFence = false;
        int lineStart = 0;
        int previousStart = -1;
        String previous = "";
        while (lineStart <= text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd).replace("\r", "");
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
            } else if (!inFence) {
                Matcher atx = ATX.matcher(line);
                Matcher setext = SETEXT.matcher(line);
                if (atx.matches()) {
                    String title = atx.group(2) == null ? "" : atx.group(2);
                    headings.add(new Heading(lineStart, atx.group(1).length(), title));
                } else if (setext.matches() && !previous.isBlank() && previousStart >= 0
                        && !ATX.matcher(previous).matches()
                        && (headings.isEmpty() || headings.getLast().offset() != previousStart)) {
                    headings.add(new Heading(previousStart, setext.group(1).charAt(0) == '=' ? 1 : 2, previous));
                }
            }
            previous = inFence ? "" : line;
            previousStart = lineStart;
            if (nl < 0) {
                break;
            }
            lineStart = nl + 1;
        }
        String title = headings.stream().filter(h -> h.level() == 1 && !h.title().isEmpty()).findFirst()
                .map(Heading::title).orElse(TextDecoding.stem(fileName));
        return new ExtractedDocument(title, text, headings, List.of());
    }
}
