package dev.loupe.inference.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tjake.jlama.model.llama.LlamaTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jlama's tokenizer (the {@code LlamaTokenizer} that {@code ModelSupport} picks for {@code model_type: llama})
 * on the imported {@code tokenizer.json}, against llama2.c's encoder on the original {@code tokenizer.bin}.
 *
 * <p>Jlama's {@code Tokenizer.encode} does not add BOS; {@code AbstractModel.encodePrompt} does (and drops a BOS
 * the tokenizer might have produced), so engines should encode prompts with {@code encodePrompt}.
 */
class ImportedTokenizerTest {
    private static final List<String> TEXTS = List.of(
            "Once upon a time",
            "Once upon a time, there was a little girl named Lily.",
            "\"Wow!\" said Tom. \"Can I play too?\" (Yes; you can...)",
            "She had 3 cats, 12 dogs and 1,024 fish in 2023: 50% more than 7 + 8 = 15.",
            "Tom's café served crème brûlée — naïve, isn't it?",
            "The bird sang 🎶 and the dog wagged 🐶🐾 happily 😀",
            "日本語のテキスト and Ελληνικά and русский",
            "line one\nline two\n\n  indented line\ttab",
            "  leading spaces",
            "trailing spaces   ",
            "a",
            " ",
            "\n",
            "ÿ",
            "");

    @TempDir
    Path temp;

    @Test
    void storiesTokenizerSplitsTextExactlyAsLlama2c() {
        Path shared = Llama2cFixtures.stories260K();
        Path dir = new Llama2cImporter().importModel(shared.resolve("stories260K.bin"), shared.resolve("tok512.bin"), temp.resolve("m")).outDir();
        var reference = new Llama2cReferenceEncoder(shared.resolve("tok512.bin"));
        var jlama = new LlamaTokenizer(dir);

        for (String text : TEXTS) {
            assertArrayEquals(reference.encode(text, false), ids(jlama.encode(text)), () -> "text: " + text);
        }
        assertArrayEquals(new int[] {1, 403, 407, 261, 378}, reference.encode("Once upon a time", true),
                "the reference encoder gives the ids the stories260K run.c gives");
    }

    @Test
    void storiesTokenizerAgreesOnRandomText() {
        Path shared = Llama2cFixtures.stories260K();
        Path dir = new Llama2cImporter().importModel(shared.resolve("stories260K.bin"), shared.resolve("tok512.bin"), temp.resolve("m")).outDir();
        var reference = new Llama2cReferenceEncoder(shared.resolve("tok512.bin"));
        assertRandomTextAgrees(reference, new LlamaTokenizer(dir), 400, 17);
    }

    @Test
    void syntheticTokenizerSplitsTextExactlyAsLlama2c() {
        var pieces = Llama2cFixtures.syntheticPieces();
        Path tokenizer = Llama2cFixtures.writeTokenizer(temp.resolve("tok.bin"), pieces, Llama2cFixtures.syntheticScores(pieces));
        Path checkpoint = Llama2cFixtures.writeRandomCheckpoint(temp.resolve("m.bin"), 16, 16, 1, 2, 2, pieces.size(), 8, 1);
        Path dir = new Llama2cImporter().importModel(checkpoint, tokenizer, temp.resolve("m")).outDir();
        var reference = new Llama2cReferenceEncoder(tokenizer);
        var jlama = new LlamaTokenizer(dir);

        for (String text : TEXTS) {
            assertArrayEquals(reference.encode(text, false), ids(jlama.encode(text)), () -> "text: " + text);
        }
        // Greek letters are pieces of this vocabulary, so they stay whole; Chinese falls back to its three UTF-8 bytes.
        int space = pieces.indexOf(" ");
        int[] expected = {space, pieces.indexOf("α"), pieces.indexOf("β"), pieces.indexOf("γ"), space, 3 + 0xE4, 3 + 0xB8, 3 + 0xAD};
        assertArrayEquals(expected, reference.encode("αβγ 中", false));
        assertArrayEquals(expected, ids(jlama.encode("αβγ 中")));
        assertRandomTextAgrees(reference, jlama, 300, 23);
    }

    @Test
    void encodeAddsNoBosAndTextSpellingASpecialTokenBecomesThatToken() {
        var pieces = Llama2cFixtures.syntheticPieces();
        Path tokenizer = Llama2cFixtures.writeTokenizer(temp.resolve("tok.bin"), pieces, Llama2cFixtures.syntheticScores(pieces));
        Path checkpoint = Llama2cFixtures.writeRandomCheckpoint(temp.resolve("m.bin"), 16, 16, 1, 2, 2, pieces.size(), 8, 1);
        var jlama = new LlamaTokenizer(new Llama2cImporter().importModel(checkpoint, tokenizer, temp.resolve("m")).outDir());
        var reference = new Llama2cReferenceEncoder(tokenizer);

        assertArrayEquals(reference.encode("the", false), ids(jlama.encode("the")));
        // Unlike llama2.c, which spells "<s>" out, Hugging Face tokenizers (and Jlama) read it as BOS; each
        // stretch of text around it gets its own dummy space.
        int[] expected = concat(reference.encode("a", false), new int[] {Llama2cReferenceEncoder.BOS}, reference.encode("b", false));
        assertArrayEquals(expected, ids(jlama.encode("a<s>b")));
    }

    /** Random strings mixing the vocabulary's pieces with spaces, digits, punctuation and text that falls back to bytes. */
    private static void assertRandomTextAgrees(Llama2cReferenceEncoder reference, LlamaTokenizer jlama, int samples, long seed) {
        Random random = new Random(seed);
        String[] extras = {" ", " ", "  ", "\n", ".", ",", "!", "?", "'", "\"", "-", "0", "7", "42", "é", "ü", "😀", "中", "\t", "A", "Lily"};
        for (int n = 0; n < samples; n++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(12);
            for (int i = 0; i < parts; i++) {
                if (random.nextBoolean()) {
                    int id = 259 + random.nextInt(reference.vocabSize() - 259);
                    text.append(reference.piece(id));
                } else {
                    text.append(extras[random.nextInt(extras.length)]);
                }
            }
            String s = text.toString();
            assertArrayEquals(reference.encode(s, false), ids(jlama.encode(s)), () -> "text: " + s.replace("\n", "\\n"));
        }
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static int[] ids(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }
}
