package dev.loupe.inference.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPiecesTest {
    private static final String[] ROUND_TRIPS = {
        "Hello world, this is Loupe.",
        "naïve café — 東京タワー 😀🎉",
        "line one\nline two\ttabbed  double  spaces",
    };

    @Test
    void realByteLevelTokenizerDecodesKnownPieces() throws IOException {
        Path file = SharedData.require("models/smollm2-135m-shape/tokenizer.json");
        var pieces = TokenPieces.fromTokenizerJson(file);
        var vocab = new ObjectMapper().readTree(file.toFile()).path("model").path("vocab");

        assertEquals(TokenPieces.Style.BYTE_LEVEL, pieces.style());
        assertEquals(49_152, pieces.size());
        assertFalse(pieces.addsPrefixSpace());
        assertEquals(" hello", pieces.text(vocab.path("Ġhello").asInt()));
        assertEquals(" world", pieces.text(vocab.path("Ġworld").asInt()));
        assertEquals("\n", pieces.text(vocab.path("Ċ").asInt()));
        assertEquals("hello", pieces.text(vocab.path("hello").asInt()));
        int imStart = vocab.path("<|im_start|>").asInt();
        assertEquals("<|im_start|>", pieces.text(imStart));
        assertTrue(pieces.isSpecial(imStart));
        assertFalse(pieces.isSpecial(vocab.path("Ġhello").asInt()));
        // Single-byte pieces stand for their byte (this vocabulary leaves out a few bytes that UTF-8 never uses
        // and some control characters).
        int singles = 0;
        for (int b = 0; b < 256; b++) {
            var single = vocab.path(String.valueOf(ByteLevelAlphabet.charOf(b)));
            if (single.isInt()) {
                assertArrayEquals(new byte[] {(byte) b}, pieces.bytes(single.asInt()), "piece for byte " + b);
                singles++;
            }
        }
        assertTrue(singles >= 230, singles + " single-byte pieces");
    }

    @Test
    void realByteLevelTokenizerRoundTripsTextThroughGreedyLookup() {
        var pieces = TokenPieces.fromTokenizerJson(SharedData.require("models/smollm2-135m-shape/tokenizer.json"));
        var byBytes = TestPieces.byBytes(pieces);
        for (String text : ROUND_TRIPS) {
            int[] ids = TestPieces.greedyEncode(text, byBytes);
            assertTrue(ids.length < text.getBytes(StandardCharsets.UTF_8).length, "merged pieces are used: " + text);
            assertEquals(text, TestPieces.decode(pieces, ids));
        }
    }

    @Test
    void sentencePieceTokenizerJsonWithByteFallbackDecodes(@TempDir Path dir) throws IOException {
        var vocab = new StringBuilder("\"<unk>\": 0, \"<s>\": 1, \"</s>\": 2");
        for (int b = 0; b < 256; b++) {
            vocab.append(", \"<0x%02X>\": %d".formatted(b, 3 + b));
        }
        vocab.append(", \"▁Hello\": 259, \"▁wor\": 260, \"ld\": 261, \"▁\": 262");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {
                  "version": "1.0",
                  "added_tokens": [
                    {"id": 0, "content": "<unk>", "special": true},
                    {"id": 1, "content": "<s>", "special": true},
                    {"id": 2, "content": "</s>", "special": true}
                  ],
                  "normalizer": {"type": "Sequence", "normalizers": [
                    {"type": "Prepend", "prepend": "▁"},
                    {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
                  "pre_tokenizer": null,
                  "decoder": {"type": "Sequence", "decoders": [
                    {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
                    {"type": "ByteFallback"},
                    {"type": "Fuse"},
                    {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
                  "model": {"type": "BPE", "byte_fallback": true, "vocab": {%s}, "merges": []}
                }
                """.formatted(vocab));
        var pieces = TokenPieces.fromTokenizerJson(file);

        assertEquals(TokenPieces.Style.SENTENCE_PIECE, pieces.style());
        assertTrue(pieces.addsPrefixSpace());
        assertArrayEquals(new byte[] {(byte) 0xF0}, pieces.bytes(3 + 0xF0));
        assertTrue(pieces.isSpecial(1));
        int[] emoji = {3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80};
        var detokenizer = new StreamingDetokenizer(pieces, true);
        var text = new StringBuilder();
        for (int id : new int[] {259, 260, 261, 262, emoji[0], emoji[1], emoji[2], emoji[3]}) {
            if (!pieces.isSpecial(id)) {
                text.append(detokenizer.accept(id));
            }
        }
        assertEquals("Hello world 😀", text.append(detokenizer.flush()).toString());
    }

    @Test
    void metaspaceAndUnigramTokenizersAreUnderstood(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {"added_tokens": [{"id": 0, "content": "<pad>", "special": true}],
                 "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
                 "model": {"type": "Unigram", "vocab": [["<pad>", 0.0], ["▁the", -1.5], ["▁cat", -3.0], ["s", -2.0]]}}
                """);
        var pieces = TokenPieces.fromTokenizerJson(file);
        assertEquals(TokenPieces.Style.SENTENCE_PIECE, pieces.style());
        assertTrue(pieces.addsPrefixSpace());
        var detokenizer = new StreamingDetokenizer(pieces, true);
        assertEquals("the", detokenizer.accept(1));
        assertEquals(" cat", detokenizer.accept(2));
        assertEquals("s", detokenizer.accept(3));
    }

    @Test
    void withoutADecoderTheNormalizerTellsTheStyleAndTheDummySpace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {"normalizer": {"type": "Sequence", "normalizers": [
                   {"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
                 "decoder": null,
                 "model": {"type": "BPE", "vocab": {"▁Once": 0, "▁upon": 1}, "merges": []}}
                """);
        var pieces = TokenPieces.fromTokenizerJson(file);
        assertEquals(TokenPieces.Style.SENTENCE_PIECE, pieces.style());
        assertTrue(pieces.addsPrefixSpace());
        assertEquals("Once upon", TestPieces.decodeFromStart(pieces, 0, 1));
    }

    @Test
    void tokenizersItCannotReverseAreRejectedWithAClearMessage(@TempDir Path dir) throws IOException {
        Path wordPiece = dir.resolve("wordpiece.json");
        Files.writeString(wordPiece, """
                {"decoder": {"type": "WordPiece", "prefix": "##"}, "model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "hello": 1}}}
                """);
        var error = assertThrows(TokenizerFormatException.class, () -> TokenPieces.fromTokenizerJson(wordPiece));
        assertTrue(error.getMessage().contains("WordPiece"), error.getMessage());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"model\": ");
        assertThrows(TokenizerFormatException.class, () -> TokenPieces.fromTokenizerJson(broken));

        Path notATokenizer = dir.resolve("config.json");
        Files.writeString(notATokenizer, "{\"hidden_size\": 576}");
        assertThrows(TokenizerFormatException.class, () -> TokenPieces.fromTokenizerJson(notATokenizer));

        assertThrows(TokenizerFormatException.class, () -> TokenPieces.fromTokenizerJson(dir.resolve("missing.json")));
    }

    @Test
    void stories260KByteTokensStandForSingleBytes() throws IOException {
        var list = Llama2cTokenizerFile.pieces(SharedData.require("models/stories260K/tok512.bin"));
        assertEquals(512, list.size());
        var pieces = TokenPieces.fromSentencePiece(list, Set.of(0, 1, 2));
        for (int b = 0; b < 256; b++) {
            assertEquals("<0x%02X>".formatted(b), list.get(3 + b), "the file's own piece name");
            assertArrayEquals(new byte[] {(byte) b}, pieces.bytes(3 + b));
        }
        // "é" is not in this 512-token vocabulary: it can only be written with two byte tokens.
        var detokenizer = new StreamingDetokenizer(pieces);
        assertEquals("", detokenizer.accept(3 + 0xC3));
        assertEquals("é", detokenizer.accept(3 + 0xA9));
    }

    @Test
    void stories260KPiecesRoundTripTextFromTheStartOfAStory() throws IOException {
        var pieces = TokenPieces.fromSentencePiece(Llama2cTokenizerFile.pieces(SharedData.require("models/stories260K/tok512.bin")), Set.of(0, 1, 2));
        var byBytes = TestPieces.byBytes(pieces);
        String story = "Once upon a time, Lily found a café with crème brûlée.";
        // SentencePiece encodes with a dummy leading space, which decoding from the start drops again.
        int[] encoded = TestPieces.greedyEncode(" " + story, byBytes);
        var ids = new ArrayList<Integer>();
        ids.add(1);
        for (int id : encoded) {
            ids.add(id);
        }
        var detokenizer = new StreamingDetokenizer(pieces, true);
        var text = new StringBuilder();
        for (int id : ids) {
            if (!pieces.isSpecial(id)) {
                text.append(detokenizer.accept(id));
            }
        }
        assertEquals(story, text.append(detokenizer.flush()).toString());
        assertTrue(ids.stream().anyMatch(id -> id >= 3 && id <= 258), "some characters needed byte tokens");
    }
}
