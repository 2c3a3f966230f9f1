package dev.loupe.inference.constrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.tokenize.TokenPieces;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The token mask against naive references: for every token of a real vocabulary, the token is allowed exactly
 * when the output plus its bytes is still a viable prefix (JSON: {@link NaiveJsonPrefix}; regex: java.util.regex),
 * stop tokens exactly when the output is complete, special tokens never.
 */
class AutomatonConstraintTest {
    private static final String SCHEMA = JsonSchemaCompilerTest.NESTED;

    /** Outputs at interesting points: inside keys, strings, escapes, numbers, nested containers, at the end. */
    private static final List<String> JSON_OUTPUTS = List.of(
            "", "{", "{\"", "{\"na", "{\"name\"", "{\"name\":", "{\"name\": ", "{\"name\":\"", "{\"name\":\"Li",
            "{\"name\":\"abcdefghijk", "{\"name\":\"abcdefghijkl", "{\"name\":\"a\\", "{\"name\":\"a\\u", "{\"name\":\"a\\u00",
            "{\"name\":\"a\\uD83D", "{\"name\":\"a\\uD83D\\u", "{\"name\":\"a\\uDb", "{\"name\":\"é", "{\"name\":\"Lily\"",
            "{\"name\":\"Lily\",", "{\"name\":\"Lily\", \"age\":", "{\"name\":\"Lily\",\"age\":-", "{\"name\":\"Lily\",\"age\":12",
            "{\"name\":\"Lily\",\"age\":1234567890123456", "{\"name\":\"Lily\",\"mood\":", "{\"name\":\"Lily\",\"mood\":{\"deep\":[",
            "{\"name\":\"Lily\",\"nick\":", "{\"name\":\"Lily\",\"home\":{\"x\":1.5e", "{\"name\":\"Lily\",\"home\":{\"x\":0",
            "{\"name\":\"Lily\",\"path\":[", "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}",
            "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2},{\"x\":1,\"y\":2},{\"x\":1,\"y\":2}",
            "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}],\"grid\":[[1", "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}],\"tag\":",
            "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}]", "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}]}");

    /** SmolLM2 checks all 49,152 tokens per output, so it gets a spread of the outputs above. */
    private static final List<Integer> SMOL_OUTPUTS = List.of(0, 2, 5, 8, 11, 14, 17, 22, 27, 31, 35);

    @Test
    void jsonMaskAgreesWithNaiveReferenceOnEveryTokenOfSmolLm2() {
        TokenPieces pieces = Vocabularies.smolLm2();
        var constraint = AutomatonConstraint.jsonSchema(SCHEMA, pieces, Vocabularies.SMOL_STOPS);
        for (int i : SMOL_OUTPUTS) {
            checkJsonMask(constraint, pieces, Vocabularies.SMOL_STOPS, JSON_OUTPUTS.get(i).getBytes(StandardCharsets.UTF_8));
        }
        // A lone lead byte of a multi-byte character inside a string: continuation bytes only.
        checkJsonMask(constraint, pieces, Vocabularies.SMOL_STOPS, new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xE2});
    }

    @Test
    void jsonMaskAgreesWithNaiveReferenceOnEveryTokenOfStories260K() {
        TokenPieces pieces = Vocabularies.stories260K();
        var constraint = AutomatonConstraint.jsonSchema(SCHEMA, pieces, Vocabularies.STORIES_STOPS);
        for (String output : JSON_OUTPUTS) {
            checkJsonMask(constraint, pieces, Vocabularies.STORIES_STOPS, output.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void checkJsonMask(AutomatonConstraint constraint, TokenPieces pieces, Set<Integer> stops, byte[] output) {
        NaiveJsonPrefix naive = new NaiveJsonPrefix(SCHEMA);
        String shown = new String(output, StandardCharsets.UTF_8);
        assertTrue(naive.isViablePrefix(output), () -> "test output is not viable: " + shown);
        TokenConstraint.State state = Vocabularies.stateAfter(constraint, pieces, output);
        boolean[] allowed = Vocabularies.allowed(state, pieces.size());
        boolean complete = naive.isComplete(output);
        for (int id = 0; id < pieces.size(); id++) {
            boolean expected;
            if (stops.contains(id)) {
                expected = complete;
            } else if (pieces.isSpecial(id) || pieces.bytes(id).length == 0) {
                expected = false;
            } else {
                expected = naive.isViablePrefix(concat(output, pieces.bytes(id)));
            }
            if (allowed[id] != expected) {
                fail("after " + shown + " token " + id + " '" + pieces.text(id) + "' is " + (allowed[id] ? "allowed" : "masked")
                        + " but the naive reference says " + (expected ? "allowed" : "masked"));
            }
        }
        boolean canGrow = false;
        for (int b = 0; b < 256 && !canGrow; b++) {
            canGrow = naive.isViablePrefix(concat(output, new byte[] {(byte) b}));
        }
        assertEquals(complete && !canGrow, state.isComplete(), () -> "isComplete after " + shown);
    }

    @Test
    void tokensSpanningSeveralJsonCharactersAreAllowedWhereTheyFit() {
        TokenPieces pieces = Vocabularies.smolLm2();
        var constraint = AutomatonConstraint.jsonSchema(SCHEMA, pieces, Vocabularies.SMOL_STOPS);
        int keyEnd = token(pieces, "\":");
        int keyEndStringStart = token(pieces, "\":\"");
        int stringEndComma = token(pieces, "\",");
        int stringEndClose = token(pieces, "\"}");
        int closeComma = token(pieces, "},");
        int closeBracket = token(pieces, "}]");

        boolean[] inKey = allowedAfter(constraint, pieces, "{\"name");
        assertTrue(inKey[keyEnd] && inKey[keyEndStringStart], "\":\" closes the key, adds the colon and opens the string");
        boolean[] inAge = allowedAfter(constraint, pieces, "{\"name\":\"Lily\",\"age");
        assertTrue(inAge[keyEnd] && !inAge[keyEndStringStart], "age is an integer, so no quote may follow its colon");
        boolean[] inName = allowedAfter(constraint, pieces, "{\"name\":\"Lily");
        assertTrue(inName[stringEndComma], "more properties may follow the name");
        assertFalse(inName[stringEndClose], "path is required, so the object cannot close after the name");
        boolean[] inPoint = allowedAfter(constraint, pieces, "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2");
        assertTrue(inPoint[closeComma] && inPoint[closeBracket], "a point may end the list or be followed by another");
        boolean[] lastPoint = allowedAfter(constraint, pieces, "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2},{\"x\":1,\"y\":2},{\"x\":1,\"y\":2");
        assertTrue(lastPoint[closeBracket] && !lastPoint[closeComma], "maxItems 3: the third point ends the list");
    }

    private static int token(TokenPieces pieces, String text) {
        int id = Vocabularies.tokenOf(pieces, text);
        assertTrue(id >= 0, "SmolLM2 has a token " + text);
        return id;
    }

    private static boolean[] allowedAfter(AutomatonConstraint constraint, TokenPieces pieces, String output) {
        return Vocabularies.allowed(Vocabularies.stateAfter(constraint, pieces, output.getBytes(StandardCharsets.UTF_8)), pieces.size());
    }

    @Test
    void stopTokensAreAllowedExactlyWhenTheOutputIsComplete() {
        TokenPieces pieces = Vocabularies.stories260K();
        var constraint = AutomatonConstraint.regex("[a-z]{2,4}", pieces, Vocabularies.STORIES_STOPS);
        int eos = 2;
        assertFalse(Vocabularies.allowed(Vocabularies.stateAfter(constraint, pieces, "a".getBytes()), pieces.size())[eos]);
        TokenConstraint.State mid = Vocabularies.stateAfter(constraint, pieces, "ab".getBytes());
        assertTrue(Vocabularies.allowed(mid, pieces.size())[eos], "a match may end here or go on");
        assertFalse(mid.isComplete());
        TokenConstraint.State full = Vocabularies.stateAfter(constraint, pieces, "abcd".getBytes());
        assertTrue(full.isComplete(), "nothing can follow four letters");
        boolean[] allowed = Vocabularies.allowed(full, pieces.size());
        for (int id = 0; id < pieces.size(); id++) {
            assertEquals(id == eos, allowed[id], "only the stop token remains after a complete match: " + id);
        }
        mid.accept(eos);
        assertTrue(mid.isComplete(), "a stop token ends the output");
        assertThrows(IllegalArgumentException.class, () -> Vocabularies.stateAfter(constraint, pieces, "a".getBytes()).accept(eos));
        assertThrows(IllegalArgumentException.class, () -> constraint.start().accept(1), "BOS is special: never allowed");
    }

    @Test
    void maskBansIdsBeyondTheTokenizerAndLeavesAllowedLogitsUntouched() {
        TokenPieces pieces = Vocabularies.stories260K();
        var constraint = AutomatonConstraint.regex("x+", pieces, Vocabularies.STORIES_STOPS);
        float[] logits = new float[pieces.size() + 7];
        var random = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        float[] before = logits.clone();
        constraint.start().mask(logits);
        int x = Vocabularies.tokenOf(pieces, "x");
        assertEquals(before[x], logits[x]);
        for (int id = pieces.size(); id < logits.length; id++) {
            assertEquals(Float.NEGATIVE_INFINITY, logits[id]);
        }
    }

    @Test
    void cachedAndUncachedMasksAgreeAlongRandomOutputs() {
        TokenPieces pieces = Vocabularies.smolLm2();
        ByteAutomaton automaton = JsonSchemaCompiler.compile(SCHEMA);
        var cached = new AutomatonConstraint(automaton, pieces, Vocabularies.SMOL_STOPS);
        var uncached = new AutomatonConstraint(automaton, pieces, Vocabularies.SMOL_STOPS, 0);
        var random = new SplittableRandom(11);
        for (int run = 0; run < 6; run++) {
            TokenConstraint.State a = cached.start();
            TokenConstraint.State b = uncached.start();
            for (int step = 0; step < 400 && !a.isComplete(); step++) {
                float[] la = new float[pieces.size()];
                float[] lb = new float[pieces.size()];
                a.mask(la);
                b.mask(lb);
                assertArrayEquals(lb, la, "step " + step);
                List<Integer> allowed = new ArrayList<>();
                for (int id = 0; id < la.length; id++) {
                    if (la[id] == 0f) {
                        allowed.add(id);
                    }
                }
                int id = allowed.get(random.nextInt(allowed.size()));
                a.accept(id);
                b.accept(id);
                assertEquals(a.isComplete(), b.isComplete());
            }
        }
    }

    @Test
    void oneConstraintServesGenerationsOnSeveralThreadsAtOnce() throws Exception {
        TokenPieces pieces = Vocabularies.smolLm2();
        ByteAutomaton automaton = JsonSchemaCompiler.compile(SCHEMA);
        var shared = new AutomatonConstraint(automaton, pieces, Vocabularies.SMOL_STOPS);
        var reference = new AutomatonConstraint(automaton, pieces, Vocabularies.SMOL_STOPS, 0);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<Integer>> walks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                walks.add(pool.submit(() -> {
                    // Every thread follows its own random path through the shared cache and checks each mask
                    // against an uncached constraint of its own.
                    var random = new SplittableRandom(seed);
                    TokenConstraint.State a = shared.start();
                    TokenConstraint.State b = reference.start();
                    int steps = 0;
                    while (!a.isComplete() && steps < 150) {
                        boolean[] fromShared = Vocabularies.allowed(a, pieces.size());
                        assertArrayEquals(Vocabularies.allowed(b, pieces.size()), fromShared);
                        int[] ids = java.util.stream.IntStream.range(0, fromShared.length).filter(i -> fromShared[i]).toArray();
                        int id = ids[random.nextInt(ids.length)];
                        a.accept(id);
                        b.accept(id);
                        steps++;
                    }
                    return steps;
                }));
            }
            for (var walk : walks) {
                assertTrue(walk.get() > 0);
            }
        }
    }

    @Test
    void randomTokenWalksEndInValidDocuments() {
        TokenPieces pieces = Vocabularies.smolLm2();
        var constraint = AutomatonConstraint.jsonSchema(SCHEMA, pieces, Vocabularies.SMOL_STOPS);
        JsonChecks checks = new JsonChecks(SCHEMA);
        var random = new SplittableRandom(5);
        for (int run = 0; run < 30; run++) {
            TokenConstraint.State state = constraint.start();
            var out = new ByteArrayOutputStream();
            while (!state.isComplete()) {
                boolean[] allowed = Vocabularies.allowed(state, pieces.size());
                int[] ids = java.util.stream.IntStream.range(0, allowed.length).filter(i -> allowed[i]).toArray();
                // Prefer ending once possible, so that walks stay short.
                int id = Arrays.stream(ids).filter(Vocabularies.SMOL_STOPS::contains).findFirst().orElse(ids[random.nextInt(ids.length)]);
                state.accept(id);
                if (!Vocabularies.SMOL_STOPS.contains(id)) {
                    out.writeBytes(pieces.bytes(id));
                }
            }
            assertEquals(List.of(), checks.problems(out.toByteArray()), () -> out.toString(StandardCharsets.UTF_8));
        }
    }

    private static final List<String[]> REGEX_CASES = List.of(
            new String[] {"(Lily|Tom) (is|was) [a-z]{1,10}\\.", "Li", "Lily was b", "Tom is abcdefghij"},
            new String[] {"\\d{3}-\\d{4}", "", "123-"},
            new String[] {"[^\"]*\"", "", "say ", "é"},
            new String[] {".{0,3}é", "", "ab", "abc"},
            new String[] {"(ab)+c?", "a", "abab"},
            new String[] {"[α-ω]+ [A-Z]", "", "αβ "});

    @Test
    void regexMaskAgreesWithJavaRegexOnEveryTokenOfStories260K() {
        for (String[] row : REGEX_CASES) {
            checkRegexMask(Vocabularies.stories260K(), Vocabularies.STORIES_STOPS, row[0], Arrays.copyOfRange(row, 1, row.length));
        }
    }

    @Test
    void regexMaskAgreesWithJavaRegexOnEveryTokenOfSmolLm2() {
        // SmolLM2's multi-byte pieces matter where non-ASCII text or negated classes are allowed.
        checkRegexMask(Vocabularies.smolLm2(), Vocabularies.SMOL_STOPS, "[^\"]*\"", "", "say ");
        checkRegexMask(Vocabularies.smolLm2(), Vocabularies.SMOL_STOPS, ".{0,3}é", "ab");
        checkRegexMask(Vocabularies.smolLm2(), Vocabularies.SMOL_STOPS, "[α-ω]+ [A-Z]", "αβ");
        checkRegexMask(Vocabularies.smolLm2(), Vocabularies.SMOL_STOPS, "(Lily|Tom) (is|was) [a-z]{1,10}\\.", "Lily was b");
    }

    private static void checkRegexMask(TokenPieces pieces, Set<Integer> stops, String regex, String... outputs) {
        var constraint = AutomatonConstraint.regex(regex, pieces, stops);
        Pattern reference = Pattern.compile(regex);
        for (String text : outputs) {
            byte[] output = text.getBytes(StandardCharsets.UTF_8);
            TokenConstraint.State state = Vocabularies.stateAfter(constraint, pieces, output);
            boolean[] allowed = Vocabularies.allowed(state, pieces.size());
            boolean complete = reference.matcher(text).matches();
            for (int id = 0; id < pieces.size(); id++) {
                boolean expected = stops.contains(id) ? complete
                        : !pieces.isSpecial(id) && pieces.bytes(id).length > 0 && RegexPrefix.viable(reference, concat(output, pieces.bytes(id)));
                if (allowed[id] != expected) {
                    fail("regex " + regex + " after '" + text + "': token " + id + " '" + pieces.text(id) + "' is "
                            + (allowed[id] ? "allowed" : "masked"));
                }
            }
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
