package dev.loupe.inference.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * llama2.c's tokenizer as run.c implements it, read straight from a {@code tokenizer.bin}: the reference the
 * imported {@code tokenizer.json} must reproduce. Encoding adds a dummy leading space, starts from one token per
 * code point (UTF-8 bytes + 3 for code points not in the vocabulary) and repeatedly merges the adjacent pair whose
 * concatenation is the highest-scoring piece, the leftmost on ties.
 */
final class Llama2cReferenceEncoder {
    static final int BOS = 1;
    private final List<String> pieces = new ArrayList<>();
    private final List<Float> scores = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    Llama2cReferenceEncoder(Path tokenizerBin) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(tokenizerBin)).order(ByteOrder.LITTLE_ENDIAN);
            b.getInt(); // max_token_length
            while (b.hasRemaining()) {
                scores.add(b.getFloat());
                byte[] piece = new byte[b.getInt()];
                b.get(piece);
                ids.putIfAbsent(new String(piece, StandardCharsets.UTF_8), pieces.size());
                pieces.add(new String(piece, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int vocabSize() {
        return pieces.size();
    }

    String piece(int id) {
        return pieces.get(id);
    }

    int[] encode(String text, boolean bos) {
        List<Integer> tokens = new ArrayList<>();
        if (bos) {
            tokens.add(BOS);
        }
        if (!text.isEmpty()) {
            tokens.add(ids.get(" "));
        }
        text.codePoints().forEach(cp -> {
            Integer id = ids.get(Character.toString(cp));
            if (id != null) {
                tokens.add(id);
            } else {
                for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
                    tokens.add(Byte.toUnsignedInt(b) + 3);
                }
            }
        });
        while (true) {
            float bestScore = -1e10f;
            int bestId = -1;
            int bestIndex = -1;
            for (int i = 0; i + 1 < tokens.size(); i++) {
                Integer merged = ids.get(pieces.get(tokens.get(i)) + pieces.get(tokens.get(i + 1)));
                if (merged != null && scores.get(merged) > bestScore) {
                    bestScore = scores.get(merged);
                    bestId = merged;
                    bestIndex = i;
                }
            }
            if (bestIndex < 0) {
                break;
            }
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The text of a run of tokens, as run.c's decode prints it: byte tokens become their byte, BOS and EOS
     * nothing, and the space after BOS is dropped.
     */
    String decode(int[] tokens) {
        var bytes = new ByteArrayOutputStream();
        int previous = -1;
        for (int token : tokens) {
            String piece = pieces.get(token);
            if (token >= 3 && token < 3 + 256) {
                bytes.write(token - 3);
            } else if (token > 2) {
                if (previous == BOS && piece.startsWith(" ")) {
                    piece = piece.substring(1);
                }
                bytes.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
            }
            previous = token;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
