package dev.loupe.inference.constrain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether bytes can still become a full match of a java.util.regex pattern: the decoded text matches, or the
 * matcher ran into the end of the input ({@link Matcher#hitEnd()}). A trailing incomplete UTF-8 sequence is tried
 * with every code point it can still become.
 */
final class RegexPrefix {
    private RegexPrefix() {}

    static boolean viable(Pattern pattern, byte[] bytes) {
        int tail = incompleteTail(bytes);
        String head;
        try {
            head = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, bytes.length - tail)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        if (tail == 0) {
            Matcher m = pattern.matcher(head);
            return m.matches() || m.hitEnd();
        }
        byte[] start = Arrays.copyOfRange(bytes, bytes.length - tail, bytes.length);
        int length = (start[0] & 0xFF) >= 0xF0 ? 4 : (start[0] & 0xFF) >= 0xE0 ? 3 : 2;
        // Every code point whose encoding starts with these bytes lies between the sequences completed with the
        // smallest and the largest continuation bytes; check each candidate's real encoding.
        int lo = decodeLoose(start, length, 0x80);
        int hi = Math.min(decodeLoose(start, length, 0xBF), Character.MAX_CODE_POINT);
        StringBuilder text = new StringBuilder(head);
        Matcher m = pattern.matcher(text);
        for (int cp = lo; cp <= hi; cp++) {
            if ((cp >= 0xD800 && cp <= 0xDFFF) || !Arrays.equals(Utf8.encode(cp), 0, tail, start, 0, tail)) {
                continue; // a surrogate, or not an encoding that starts with these bytes (overlong, bad lead byte)
            }
            text.setLength(head.length());
            text.appendCodePoint(cp);
            m.reset(text);
            if (m.matches() || m.hitEnd()) {
                return true;
            }
        }
        return false;
    }

    /** The code point of {@code start} completed to {@code length} bytes with {@code filler}, validity unchecked. */
    private static int decodeLoose(byte[] start, int length, int filler) {
        int lead = start[0] & 0xFF;
        int cp = length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
        for (int i = 1; i < length; i++) {
            int b = i < start.length ? start[i] & 0xFF : filler;
            cp = cp << 6 | (b & 0x3F);
        }
        return cp;
    }

    /** Bytes at the end that start a multi-byte sequence without finishing it (0 when the end is clean). */
    private static int incompleteTail(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if (b < 0x80) {
                return 0;
            }
            if (b >= 0xC0) {
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return length > back ? back : 0;
            }
        }
        return 0;
    }
}
