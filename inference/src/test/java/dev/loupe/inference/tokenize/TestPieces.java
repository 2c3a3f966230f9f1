package dev.loupe.inference.tokenize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small SentencePiece-style table laid out like Llama's, and a greedy encoder over any table. */
final class TestPieces {
    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;
    /** Ids 3..258 are the byte tokens, as in Llama and llama2.c. */
    static final int FIRST_BYTE = 3;

    private TestPieces() {
    }

    static TokenPieces sentencePiece(String... words) {
        var pieces = new ArrayList<String>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            pieces.add("<0x%02X>".formatted(b));
        }
        pieces.addAll(List.of(words));
        return TokenPieces.fromSentencePiece(pieces, Set.of(UNK, BOS, EOS));
    }

    static int byteToken(int b) {
        return FIRST_BYTE + b;
    }

    /** Ids of every non-special piece by its bytes; later ids do not replace earlier ones. */
    static Map<String, Integer> byBytes(TokenPieces pieces) {
        var map = new HashMap<String, Integer>();
        for (int id = 0; id < pieces.size(); id++) {
            byte[] bytes = pieces.bytes(id);
            if (!pieces.isSpecial(id) && bytes.length > 0) {
                map.putIfAbsent(new String(bytes, StandardCharsets.ISO_8859_1), id);
            }
        }
        return map;
    }

    /** Longest match first over the text's UTF-8 bytes; every single byte must have a piece. */
    static int[] greedyEncode(String text, Map<String, Integer> byBytes) {
        String bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        int longest = byBytes.keySet().stream().mapToInt(String::length).max().orElse(1);
        var ids = new ArrayList<Integer>();
        int i = 0;
        while (i < bytes.length()) {
            int matched = 0;
            for (int length = Math.min(longest, bytes.length() - i); length > 0; length--) {
                Integer id = byBytes.get(bytes.substring(i, i + length));
                if (id != null) {
                    ids.add(id);
                    matched = length;
                    break;
                }
            }
            if (matched == 0) {
                throw new AssertionError("no piece for byte " + (int) bytes.charAt(i));
            }
            i += matched;
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    static String decode(TokenPieces pieces, int... ids) {
        var detokenizer = new StreamingDetokenizer(pieces);
        var text = new StringBuilder();
        for (int id : ids) {
            text.append(detokenizer.accept(id));
        }
        return text.append(detokenizer.flush()).toString();
    }

    static String decodeFromStart(TokenPieces pieces, int... ids) {
        var detokenizer = new StreamingDetokenizer(pieces, true);
        var text = new StringBuilder();
        for (int id : ids) {
            text.append(detokenizer.accept(id));
        }
        return text.append(detokenizer.flush()).toString();
    }

    static byte[] concatenatedBytes(TokenPieces pieces, int... ids) {
        var all = new ByteArrayOutputStream();
        for (int id : ids) {
            all.writeBytes(pieces.bytes(id));
        }
        return all.toByteArray();
    }
}
