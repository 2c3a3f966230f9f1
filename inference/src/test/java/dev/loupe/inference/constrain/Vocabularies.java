package dev.loupe.inference.constrain;

import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.inference.tokenize.TokenPieces;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The real vocabularies of the shared models, and a way to put a constraint's state at a given output. */
final class Vocabularies {
    private static TokenPieces smol;
    private static TokenPieces stories;

    private Vocabularies() {}

    /** SmolLM2's byte-level BPE (49,152 tokens); skips the test when the shared folder is absent. */
    static synchronized TokenPieces smolLm2() {
        if (smol == null) {
            smol = TokenPieces.fromTokenizerJson(SharedModels.smolShape().resolve("tokenizer.json"));
        }
        return smol;
    }

    /** SmolLM2's end-of-text and end-of-turn ids. */
    static final Set<Integer> SMOL_STOPS = Set.of(0, 2);

    /** stories260K's SentencePiece vocabulary (512 tokens, byte fallback) as imported. */
    static synchronized TokenPieces stories260K() {
        if (stories == null) {
            stories = TokenPieces.fromTokenizerJson(SharedModels.stories260K().resolve("tokenizer.json"));
        }
        return stories;
    }

    static final Set<Integer> STORIES_STOPS = Set.of(2);

    /** The first non-special token whose bytes are exactly {@code text}, or -1. */
    static int tokenOf(TokenPieces pieces, String text) {
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        for (int id = 0; id < pieces.size(); id++) {
            if (!pieces.isSpecial(id) && java.util.Arrays.equals(pieces.bytes(id), wanted)) {
                return id;
            }
        }
        return -1;
    }

    /** Greedy longest-match token ids for {@code bytes}; every byte must have a token. */
    static int[] tokenize(TokenPieces pieces, byte[] bytes) {
        Map<String, Integer> byBytes = new HashMap<>();
        int longest = 1;
        for (int id = 0; id < pieces.size(); id++) {
            byte[] b = pieces.bytes(id);
            if (!pieces.isSpecial(id) && b.length > 0) {
                byBytes.putIfAbsent(new String(b, StandardCharsets.ISO_8859_1), id);
                longest = Math.max(longest, b.length);
            }
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            boolean found = false;
            for (int l = Math.min(longest, text.length() - i); l > 0; l--) {
                Integer id = byBytes.get(text.substring(i, i + l));
                if (id != null) {
                    ids.add(id);
                    i += l;
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no token for byte " + (text.charAt(i) & 0xFF));
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A fresh state of {@code constraint} that has accepted {@code output} (tokenised greedily). */
    static TokenConstraint.State stateAfter(TokenConstraint constraint, TokenPieces pieces, byte[] output) {
        TokenConstraint.State state = constraint.start();
        for (int id : tokenize(pieces, output)) {
            state.accept(id);
        }
        return state;
    }

    /** Which ids {@code state} leaves allowed: mask all-zero logits and see which stay finite. */
    static boolean[] allowed(TokenConstraint.State state, int vocabSize) {
        float[] logits = new float[vocabSize];
        state.mask(logits);
        boolean[] allowed = new boolean[vocabSize];
        for (int id = 0; id < vocabSize; id++) {
            allowed[id] = logits[id] != Float.NEGATIVE_INFINITY;
        }
        return allowed;
    }
}
