package dev.loupe.rag.ingest;

import dev.loupe.rag.document.SkipKind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Turns the bytes of a text-like file into a string, refusing binary content. */
final class TextDecoding {
    private static final int SNIFF_BYTES = 8192;

    private TextDecoding() {}

    /**
     * Decodes UTF-8 (a BOM is dropped), UTF-16 with a BOM, or else Windows-1252.
     *
     * @throws ExtractionException with {@link SkipKind#BINARY} when the bytes hold NULs or many control characters
     */
    static String decode(byte[] bytes, String fileName) {
        if (bytes.length >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF
                || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)) {
            return new String(bytes, StandardCharsets.UTF_16);
        }
        int sniff = Math.min(bytes.length, SNIFF_BYTES);
        int control = 0;
        for (int i = 0; i < sniff; i++) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                throw binary(fileName);
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x0B && b != 0x1B) {
                control++;
            }
        }
        if (sniff > 0 && control * 20 > sniff) { // more than 5% control bytes: not text
            throw binary(fileName);
        }
        int offset = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB
                && bytes[2] == (byte) 0xBF ? 3 : 0;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("windows-1252")); // older Western text files
        }
    }

    private static ExtractionException binary(String fileName) {
        return new ExtractionException(SkipKind.BINARY, fileName
                + " holds binary data, not text; rename it to its real extension or remove it from the folder.");
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
