package dev.loupe.inference.tokenize;

import static dev.loupe.inference.tokenize.TestPieces.BOS;
import static dev.loupe.inference.tokenize.TestPieces.byteToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StreamingDetokenizerTest {
    private static final TokenPieces PIECES = TestPieces.sentencePiece("▁Hello", "▁world", "中", "!");
    private static final int HELLO = 259;
    private static final int WORLD = 260;
    private static final int ZHONG = 261;

    private static int[] byteTokens(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = byteToken(bytes[i] & 0xFF);
        }
        return ids;
    }

    @Test
    void anEmojiSplitAcrossFourByteTokensComesOutWhole() {
        var detokenizer = new StreamingDetokenizer(PIECES);
        int[] ids = byteTokens("😀");
        assertEquals(4, ids.length);
        for (int i = 0; i < 3; i++) {
            assertEquals("", detokenizer.accept(ids[i]), "nothing before the character is complete");
            assertEquals(i + 1, detokenizer.pendingBytes());
        }
        assertEquals("😀", detokenizer.accept(ids[3]));
        assertEquals(0, detokenizer.pendingBytes());
        assertEquals("", detokenizer.flush());
    }

    @Test
    void cjkCharactersSplitAcrossByteTokensComeOutWhole() {
        var detokenizer = new StreamingDetokenizer(PIECES);
        var out = new ArrayList<String>();
        out.add(detokenizer.accept(ZHONG));
        for (int id : byteTokens("文字")) {
            out.add(detokenizer.accept(id));
        }
        assertEquals(List.of("中", "", "", "文", "", "", "字"), out);
    }

    @Test
    void theTextOfAWholeSequenceEqualsTheUtf8DecodeOfAllItsBytes() {
        var random = new SplittableRandom(21);
        for (int round = 0; round < 2000; round++) {
            int[] ids = new int[random.nextInt(1, 12)];
            for (int i = 0; i < ids.length; i++) {
                // Mostly byte tokens, biased towards multi-byte lead and continuation bytes, some whole pieces.
                int kind = random.nextInt(10);
                ids[i] = kind < 4 ? byteToken(0x80 + random.nextInt(0x80))
                        : kind < 8 ? byteToken(random.nextInt(256))
                        : 259 + random.nextInt(4);
            }
            String expected = new String(TestPieces.concatenatedBytes(PIECES, ids), StandardCharsets.UTF_8);
            assertEquals(expected, TestPieces.decode(PIECES, ids), "round " + round);
        }
    }

    @Test
    void everyShortByteSequenceDecodesAsTheJdkDecodesIt() {
        var bytesOnly = new ArrayList<String>();
        for (int b = 0; b < 256; b++) {
            bytesOnly.add("<0x%02X>".formatted(b));
        }
        var pieces = TokenPieces.fromSentencePiece(bytesOnly, java.util.Set.of());
        // All one- and two-byte sequences, and longer ones over the bytes where UTF-8's rules change.
        for (int c = 0; c < 1 << 16; c++) {
            assertDecodesLikeTheJdk(pieces, new int[] {c & 0xFF});
            assertDecodesLikeTheJdk(pieces, new int[] {c & 0xFF, c >>> 8});
        }
        int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                       0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        for (int a : edges) {
            for (int b : edges) {
                for (int c : edges) {
                    assertDecodesLikeTheJdk(pieces, new int[] {a, b, c});
                    for (int d : edges) {
                        assertDecodesLikeTheJdk(pieces, new int[] {a, b, c, d});
                    }
                }
            }
        }
    }

    private static void assertDecodesLikeTheJdk(TokenPieces bytePieces, int[] bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        String expected = new String(raw, StandardCharsets.UTF_8);
        String actual = TestPieces.decode(bytePieces, bytes);
        if (!expected.equals(actual)) {
            assertEquals(expected, actual, "bytes " + java.util.HexFormat.of().formatHex(raw));
        }
    }

    @Test
    void invalidBytesBecomeReplacementCharactersInsteadOfVanishing() {
        var detokenizer = new StreamingDetokenizer(PIECES);
        assertEquals("\uFFFD", detokenizer.accept(byteToken(0xFF)));
        assertEquals("", detokenizer.accept(byteToken(0xE4)));
        assertEquals("", detokenizer.accept(byteToken(0xB8)));
        // An ASCII byte cuts the character short: one replacement for the two bytes, then the letter.
        assertEquals("\uFFFD!", detokenizer.accept(262));
        assertEquals("", detokenizer.accept(byteToken(0xF0)));
        assertEquals("\uFFFD", detokenizer.flush(), "an unfinished character at the end");
        assertEquals(0, detokenizer.pendingBytes());
    }

    @Test
    void pendingBytesNeverExceedThree() {
        var detokenizer = new StreamingDetokenizer(PIECES);
        var random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            detokenizer.accept(byteToken(0x80 + random.nextInt(0x80)));
            assertTrue(detokenizer.pendingBytes() <= 3);
        }
    }

    @Test
    void theLeadingSpaceOfTheFirstPieceIsDroppedOnlyAtTheStartOfText() {
        var atStart = new StreamingDetokenizer(PIECES, true);
        assertEquals("<s>", atStart.accept(BOS), "special tokens give their content");
        assertEquals("Hello", atStart.accept(HELLO));
        assertEquals(" world", atStart.accept(WORLD));

        var continuing = new StreamingDetokenizer(PIECES);
        assertEquals(" Hello", continuing.accept(HELLO));
        assertTrue(PIECES.isSpecial(BOS));
    }

    @Test
    void aNewDetokenizerCarriesNothingOverFromAnUnfinishedOne() {
        var first = new StreamingDetokenizer(PIECES);
        first.accept(byteToken(0xE4));
        first.accept(byteToken(0xB8));
        var second = new StreamingDetokenizer(PIECES);
        assertEquals("", second.accept(byteToken(0xE6)));
        assertEquals("", second.accept(byteToken(0x96)));
        assertEquals("文", second.accept(byteToken(0x87)));
    }

    @Test
    void idsOutsideTheTableAreRejected() {
        var detokenizer = new StreamingDetokenizer(PIECES);
        assertThrows(IllegalArgumentException.class, () -> detokenizer.accept(PIECES.size()));
        assertThrows(IllegalArgumentException.class, () -> detokenizer.accept(-1));
    }

    @Test
    void detokenizersOnDifferentThreadsDoNotInterfere() throws Exception {
        String[] texts = {"😀 emoji 🎉 galore 🚀", "中文字符和日本語のテキスト", "naïve café, Œuvre, ß", "plain ascii text"};
        var barrier = new CyclicBarrier(texts.length);
        try (var pool = Executors.newFixedThreadPool(texts.length)) {
            var futures = new ArrayList<Future<List<String>>>();
            for (String text : texts) {
                Callable<List<String>> task = () -> {
                    int[] ids = byteTokens(text);
                    var results = new ArrayList<String>();
                    barrier.await();
                    for (int round = 0; round < 300; round++) {
                        var detokenizer = new StreamingDetokenizer(PIECES);
                        var out = new StringBuilder();
                        for (int id : ids) {
                            out.append(detokenizer.accept(id));
                        }
                        results.add(out.append(detokenizer.flush()).toString());
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            for (int i = 0; i < texts.length; i++) {
                for (String result : futures.get(i).get()) {
                    assertEquals(texts[i], result);
                }
            }
        }
    }
}
