package dev.loupe.ui.inspect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;

/**
 * Where every token of an answer goes when its text wraps at a width: its line and x offset. Computed once per
 * width (measuring each distinct token text once), so that drawing only needs the lines on screen and a hit test
 * is a binary search. A token ending in a line break ends its line. Pure arithmetic; any thread.
 */
public final class TokenLayout {
    private final int[] line;      // [tokens]
    private final double[] x;      // [tokens]
    private final double[] width;  // [tokens]
    private final int[] lineStart; // [lines + 1] first token of each line, then the token count

    private TokenLayout(int[] line, double[] x, double[] width, int[] lineStart) {
        this.line = line;
        this.x = x;
        this.width = width;
        this.lineStart = lineStart;
    }

    /**
     * Lays out {@code texts} (as {@link #shown} returns them) in lines of at most {@code maxWidth}; a token wider
     * than that gets a line of its own.
     *
     * @param measure the drawn width of a text, in the same unit as {@code maxWidth}
     * @param endsLine whether the token at an index ends its line (its text had a line break)
     */
    public static TokenLayout of(List<String> texts, ToDoubleFunction<String> measure, IntPredicate endsLine,
                                 double maxWidth) {
        int n = texts.size();
        int[] line = new int[n];
        double[] x = new double[n];
        double[] width = new double[n];
        int[] starts = new int[n + 2];
        int lines = 0;
        starts[0] = 0;
        double at = 0;
        Map<String, Double> widths = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double w = widths.computeIfAbsent(texts.get(i), measure::applyAsDouble);
            if (at > 0 && at + w > maxWidth) {
                lines++;
                starts[lines] = i;
                at = 0;
            }
            line[i] = lines;
            x[i] = at;
            width[i] = w;
            at += w;
            if (endsLine.test(i) && i + 1 < n) {
                lines++;
                starts[lines] = i + 1;
                at = 0;
            }
        }
        int count = n == 0 ? 0 : lines + 1;
        int[] lineStart = Arrays.copyOf(starts, count + 1);
        lineStart[count] = n;
        return new TokenLayout(line, x, width, lineStart);
    }

    /** The text drawn for a token: line breaks and tabs become visible marks. */
    public static String shown(String tokenText) {
        String text = tokenText.replace("\r", "").replace("\n", "↵").replace("\t", "→");
        return text.isEmpty() ? "∅" : text;
    }

    /** A token standing alone (a card, a chart, a cell): as {@link #shown}, with spaces made visible when it is only spaces. */
    public static String label(String tokenText) {
        String text = shown(tokenText);
        return text.isBlank() ? text.replace(' ', '␣') : text;
    }

    /** Whether a token's own text ends its line. */
    public static boolean breaksLine(String tokenText) {
        return tokenText.indexOf('\n') >= 0;
    }

    public int lineCount() {
        return lineStart.length - 1;
    }

    public int tokenCount() {
        return line.length;
    }

    public int lineOf(int token) {
        return line[token];
    }

    public double xOf(int token) {
        return x[token];
    }

    public double widthOf(int token) {
        return width[token];
    }

    /** First token of {@code lineIndex}. */
    public int firstOf(int lineIndex) {
        return lineStart[lineIndex];
    }

    /** One past the last token of {@code lineIndex}. */
    public int endOf(int lineIndex) {
        return lineStart[lineIndex + 1];
    }

    /** The token under {@code px} on line {@code lineIndex}, or -1 when there is none. */
    public int tokenAt(int lineIndex, double px) {
        if (lineIndex < 0 || lineIndex >= lineCount() || px < 0) {
            return -1;
        }
        int lo = firstOf(lineIndex);
        int hi = endOf(lineIndex) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (px < x[mid]) {
                hi = mid - 1;
            } else if (px >= x[mid] + width[mid]) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
