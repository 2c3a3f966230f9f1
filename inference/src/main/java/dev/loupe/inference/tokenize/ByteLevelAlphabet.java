package dev.loupe.inference.tokenize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte-to-character table of byte-level BPE (GPT-2 and its descendants): every byte value is written as one
 * visible character, so that vocabularies never contain spaces or control characters. Bytes that are already
 * printable Latin-1 ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for themselves; the other 68, in increasing order, are
 * written as U+0100, U+0101, and so on (so a space is 'Ġ' and a newline 'Ċ').
 */
final class ByteLevelAlphabet {
    private static final int[] BYTE_OF_CHAR = new int[512]; // [char] -> byte value, or -1

    static {
        java.util.Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_OF_CHAR[printable ? b : next++] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /**
     * The bytes a byte-level piece stands for. A character outside the alphabet (only seen in hand-edited
     * vocabularies) is kept as its own UTF-8 bytes rather than dropped.
     */
    static byte[] decode(String piece) {
        var out = new ByteArrayOutputStream(piece.length());
        for (int i = 0; i < piece.length(); ) {
            int codePoint = piece.codePointAt(i);
            i += Character.charCount(codePoint);
            int b = codePoint < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[codePoint] : -1;
            if (b >= 0) {
                out.write(b);
            } else {
                out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** The character standing for byte {@code b} (0..255): for tests and encoders. */
    static char charOf(int b) {
        for (int c = 0; c < BYTE_OF_CHAR.length; c++) {
            if (BYTE_OF_CHAR[c] == b) {
                return (char) c;
            }
        }
        throw new IllegalArgumentException("not a byte: " + b);
    }
}
