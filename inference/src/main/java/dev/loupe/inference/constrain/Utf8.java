package dev.loupe.inference.constrain;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns sets of Unicode code points into byte languages: the UTF-8 encodings of exactly those code points, never
 * a surrogate (U+D800..U+DFFF) and never an overlong or out-of-range sequence.
 */
final class Utf8 {
    static final int MAX_CODE_POINT = 0x10FFFF;
    static final int SURROGATE_FIRST = 0xD800;
    static final int SURROGATE_LAST = 0xDFFF;

    private Utf8() {}

    /**
     * The language of one code point out of {@code ranges}.
     *
     * @param ranges pairs {@code [lo, hi]} of code points, both inclusive, in any order; surrogates are dropped
     */
    static Rx codePoints(List<int[]> ranges) {
        List<Rx> options = new ArrayList<>();
        ByteSet ascii = ByteSet.EMPTY;
        for (int[] r : ranges) {
            List<int[][]> sequences = new ArrayList<>();
            split(Math.max(r[0], 0), Math.min(r[1], MAX_CODE_POINT), sequences);
            for (int[][] seq : sequences) {
                if (seq.length == 1) {
                    ascii = ascii.union(ByteSet.range(seq[0][0], seq[0][1]));
                    continue;
                }
                List<Rx> parts = new ArrayList<>(seq.length);
                for (int[] byteRange : seq) {
                    parts.add(Rx.bytes(ByteSet.range(byteRange[0], byteRange[1])));
                }
                options.add(Rx.seq(parts));
            }
        }
        if (!ascii.isEmpty()) {
            options.addFirst(Rx.bytes(ascii));
        }
        if (options.isEmpty()) {
            throw new IllegalArgumentException("no code point in the given ranges");
        }
        return Rx.alt(options);
    }

    /** Encoded length of a code point in bytes. */
    static int length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    /**
     * Splits {@code lo..hi} into pieces whose encodings are a product of byte ranges, one range per byte position,
     * and appends those products to {@code out}.
     */
    private static void split(int lo, int hi, List<int[][]> out) {
        if (lo > hi) {
            return;
        }
        if (lo <= SURROGATE_LAST && hi >= SURROGATE_FIRST) {
            split(lo, SURROGATE_FIRST - 1, out);
            split(SURROGATE_LAST + 1, hi, out);
            return;
        }
        for (int limit : new int[] {0x7F, 0x7FF, 0xFFFF}) {
            if (lo <= limit && hi > limit) {
                split(lo, limit, out);
                split(limit + 1, hi, out);
                return;
            }
        }
        int n = length(lo);
        // Make every continuation position range over its full span, except at the front: a range like
        // U+0800..U+0FFF has the product form E0 [A0-BF] [80-BF], but U+0801..U+1000 does not.
        for (int i = 1; i < n; i++) {
            int low = (1 << (6 * i)) - 1; // the bits of the last i continuation bytes
            if ((lo & ~low) != (hi & ~low)) {
                if ((lo & low) != 0) {
                    split(lo, lo | low, out);
                    split((lo | low) + 1, hi, out);
                    return;
                }
                if ((hi & low) != low) {
                    split(lo, (hi & ~low) - 1, out);
                    split(hi & ~low, hi, out);
                    return;
                }
            }
        }
        byte[] a = encode(lo);
        byte[] b = encode(hi);
        int[][] seq = new int[n][];
        for (int i = 0; i < n; i++) {
            seq[i] = new int[] {a[i] & 0xFF, b[i] & 0xFF};
        }
        out.add(seq);
    }

    static byte[] encode(int cp) {
        return switch (length(cp)) {
            case 1 -> new byte[] {(byte) cp};
            case 2 -> new byte[] {(byte) (0xC0 | cp >>> 6), (byte) (0x80 | cp & 0x3F)};
            case 3 -> new byte[] {(byte) (0xE0 | cp >>> 12), (byte) (0x80 | cp >>> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
            default -> new byte[] {(byte) (0xF0 | cp >>> 18), (byte) (0x80 | cp >>> 12 & 0x3F), (byte) (0x80 | cp >>> 6 & 0x3F),
                    (byte) (0x80 | cp & 0x3F)};
        };
    }
}
