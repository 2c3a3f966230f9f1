package dev.loupe.inference.tokenize;

import java.util.Objects;

/**
 * Turns generated token ids into text as they arrive. Tokens may end in the middle of a multi-byte UTF-8
 * character (byte-fallback and byte-level tokens do); {@link #accept} returns only complete characters and keeps
 * an unfinished tail of at most 3 bytes until the next token completes it. Invalid bytes become U+FFFD, never
 * dropped, exactly as the JDK's own UTF-8 decoder replaces them: one per maximal invalid subsequence as Unicode
 * recommends, except that an encoded surrogate (ED A0..BF xx) counts as one. So the concatenated output of all
 * {@code accept} calls and {@link #flush} equals {@code new String(allBytes, UTF_8)}.
 *
 * <p>One per generation, cheap to create; not thread-safe. The {@link TokenPieces} it reads are shared.
 */
public final class StreamingDetokenizer {
    private static final char REPLACEMENT = '\uFFFD';

    private final TokenPieces pieces;
    private final StringBuilder out = new StringBuilder(32);
    private boolean dropNextLeadingSpace;
    // The UTF-8 sequence in progress: continuation bytes still needed, code point so far, bytes taken, and the
    // allowed range of the next byte (narrower after E0, F0 and F4 to rule out overlong forms and code points
    // above U+10FFFF; surrogates are let through and replaced when complete, as the JDK does).
    private int needed;
    private int codePoint;
    private int taken;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** A detokenizer for text that continues something already shown: every piece is kept as it is. */
    public StreamingDetokenizer(TokenPieces pieces) {
        this(pieces, false);
    }

    /**
     * @param atTextStart true when the first token given starts the text (it follows BOS, or nothing): then, if
     *     the tokenizer {@linkplain TokenPieces#addsPrefixSpace() adds a dummy space}, the leading space of the
     *     first non-special piece is dropped, as SentencePiece does
     */
    public StreamingDetokenizer(TokenPieces pieces, boolean atTextStart) {
        this.pieces = Objects.requireNonNull(pieces, "pieces");
        this.dropNextLeadingSpace = atTextStart && pieces.addsPrefixSpace();
    }

    /**
     * Adds one token and returns the text it completes: possibly empty (a character still incomplete), possibly
     * more than the token's own bytes (finishing a character an earlier token began). Special tokens give their
     * content; leave them out to hide them.
     *
     * @throws IllegalArgumentException for an id outside the tokenizer's range
     */
    public String accept(int tokenId) {
        if (tokenId < 0 || tokenId >= pieces.size()) {
            throw new IllegalArgumentException("token id " + tokenId + " is outside the tokenizer's " + pieces.size() + " ids");
        }
        byte[] data = pieces.data();
        int from = pieces.start(tokenId);
        int to = pieces.end(tokenId);
        if (dropNextLeadingSpace && !pieces.isSpecial(tokenId)) {
            dropNextLeadingSpace = false;
            if (from < to && data[from] == ' ') {
                from++;
            }
        }
        for (int i = from; i < to; i++) {
            feed(data[i] & 0xFF);
        }
        return drain();
    }

    /** Ends the text: an unfinished character becomes U+FFFD. The detokenizer is then empty and reusable. */
    public String flush() {
        if (needed > 0) {
            out.append(REPLACEMENT);
            reset();
        }
        return drain();
    }

    /** Bytes held back because they begin a character not finished yet: 0 to 3. */
    public int pendingBytes() {
        return needed > 0 ? taken : 0;
    }

    private void feed(int b) {
        if (needed == 0) {
            start(b);
            return;
        }
        if (b < lower || b > upper) {
            // The sequence so far is a maximal invalid subpart: one replacement, then b starts afresh.
            out.append(REPLACEMENT);
            reset();
            start(b);
            return;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (b & 0x3F);
        taken++;
        if (--needed == 0) {
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                out.append(REPLACEMENT);
            } else {
                out.appendCodePoint(codePoint);
            }
            reset();
        }
    }

    private void start(int b) {
        if (b < 0x80) {
            out.append((char) b);
        } else if (b >= 0xC2 && b <= 0xDF) {
            begin(1, b & 0x1F);
        } else if (b >= 0xE0 && b <= 0xEF) {
            begin(2, b & 0x0F);
            if (b == 0xE0) {
                lower = 0xA0;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            begin(3, b & 0x07);
            if (b == 0xF0) {
                lower = 0x90;
            } else if (b == 0xF4) {
                upper = 0x8F;
            }
        } else {
            out.append(REPLACEMENT);
        }
    }

    private void begin(int continuationBytes, int bits) {
        needed = continuationBytes;
        codePoint = bits;
        taken = 1;
    }

    private void reset() {
        needed = 0;
        codePoint = 0;
        taken = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    private String drain() {
        String text = out.toString();
        out.setLength(0);
        return text;
    }
}
