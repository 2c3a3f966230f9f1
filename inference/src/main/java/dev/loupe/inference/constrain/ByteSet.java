package dev.loupe.inference.constrain;

/**
 * An immutable set of byte values 0..255 as four 64-bit words: the label of one automaton transition.
 */
record ByteSet(long w0, long w1, long w2, long w3) {
    static final ByteSet EMPTY = new ByteSet(0, 0, 0, 0);

    static ByteSet of(int b) {
        return range(b, b);
    }

    /** Bytes {@code lo..hi}, both inclusive (0..255). */
    static ByteSet range(int lo, int hi) {
        if (lo < 0 || hi > 255 || lo > hi) {
            throw new IllegalArgumentException("bad byte range " + lo + ".." + hi);
        }
        long[] w = new long[4];
        for (int b = lo; b <= hi; b++) {
            w[b >>> 6] |= 1L << (b & 63);
        }
        return new ByteSet(w[0], w[1], w[2], w[3]);
    }

    /** The bytes of the given characters, each below 128. */
    static ByteSet ofAscii(String chars) {
        ByteSet set = EMPTY;
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c >= 128) {
                throw new IllegalArgumentException("not ASCII: " + c);
            }
            set = set.union(of(c));
        }
        return set;
    }

    boolean contains(int b) {
        long word = switch (b >>> 6) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
        return (word >>> (b & 63) & 1) != 0;
    }

    ByteSet union(ByteSet o) {
        return new ByteSet(w0 | o.w0, w1 | o.w1, w2 | o.w2, w3 | o.w3);
    }

    ByteSet minus(ByteSet o) {
        return new ByteSet(w0 & ~o.w0, w1 & ~o.w1, w2 & ~o.w2, w3 & ~o.w3);
    }

    boolean isEmpty() {
        return (w0 | w1 | w2 | w3) == 0;
    }
}
