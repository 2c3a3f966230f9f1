package dev.loupe.rag.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The plain text of one document with the landmarks a citation needs.
 *
 * <p>Offsets everywhere are UTF-16 indices into {@link #text()}. For .txt and .md files the text is the file's
 * content unchanged, so offsets point into the file itself; for HTML, PDF and DOCX it is the extracted text.
 *
 * @param title the document's title (metadata, first heading or file name); may be empty
 * @param text the extracted text
 * @param headings headings in ascending offset order
 * @param pageStarts offset where each page starts, ascending, the first one 0; empty for formats without pages
 */
public record ExtractedDocument(String title, String text, List<Heading> headings, List<Integer> pageStarts) {
    public ExtractedDocument {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        headings = List.copyOf(headings);
        pageStarts = List.copyOf(pageStarts);
        int previous = -1;
        for (Heading h : headings) {
            if (h.offset() < previous || h.offset() > text.length()) {
                throw new IllegalArgumentException("Headings must be in ascending order inside the text");
            }
            previous = h.offset();
        }
        previous = -1;
        for (int start : pageStarts) {
            if (start < previous || start > text.length()) {
                throw new IllegalArgumentException("Page starts must be ascending offsets inside the text");
            }
            previous = start;
        }
        if (!pageStarts.isEmpty() && pageStarts.getFirst() != 0) {
            throw new IllegalArgumentException("The first page must start at offset 0");
        }
    }

    /** A document without headings or pages. */
    public static ExtractedDocument plain(String title, String text) {
        return new ExtractedDocument(title, text, List.of(), List.of());
    }

    /** The 1-based page that contains {@code offset}, or 0 when the document has no pages. */
    public int pageAt(int offset) {
        if (pageStarts.isEmpty()) {
            return 0;
        }
        int lo = 0;
        int hi = pageStarts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pageStarts.get(mid) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** The titles of the headings whose sections contain {@code offset}, outermost first. */
    public List<String> headingPathAt(int offset) {
        List<Heading> stack = new ArrayList<>();
        for (Heading h : headings) {
            if (h.offset() > offset) {
                break;
            }
            while (!stack.isEmpty() && stack.getLast().level() >= h.level()) {
                stack.removeLast();
            }
            stack.add(h);
        }
        return stack.stream().map(Heading::title).filter(t -> !t.isEmpty()).toList();
    }

    /**
     * The heading path a chunk {@code [start, end)} belongs to: that of its first body text, so a chunk that opens
     * with headings ("# Guide", "## Install", then text) is placed under the innermost of them.
     */
    public List<String> headingPathOf(int start, int end) {
        int at = start;
        for (Heading h : headings) {
            if (h.offset() < start) {
                continue;
            }
            if (h.offset() >= end || h.offset() > at) {
                break;
            }
            int lineEnd = text.indexOf('\n', h.offset());
            at = lineEnd < 0 || lineEnd >= end ? at : lineEnd + 1;
            while (at < end && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
        return headingPathAt(Math.min(at, Math.max(start, end - 1)));
    }

    /** The region boundaries chunks must not cross: every page start plus the end of the text. */
    public List<int[]> pageRegions() {
        List<int[]> regions = new ArrayList<>();
        if (pageStarts.isEmpty()) {
            regions.add(new int[] {0, text.length()});
            return regions;
        }
        for (int i = 0; i < pageStarts.size(); i++) {
            int end = i + 1 < pageStarts.size() ? pageStarts.get(i + 1) : text.length();
            regions.add(new int[] {pageStarts.get(i), end});
        }
        return regions;
    }
}
