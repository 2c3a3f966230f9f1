package dev.loupe.inference.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.reference.LlamaWeights;
import dev.loupe.inference.reference.NaiveLlama;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converted weights against the original checkpoint, read independently: tensor by tensor, and through the
 * reference forward pass running the llama2.c layout (interleaved rotary pairs, unpadded feed-forward) and the
 * Hugging Face layout side by side.
 */
class ConvertedWeightsTest {
    @TempDir
    Path temp;

    @Test
    void stories260KGivesTheSameProbabilitiesBeforeAndAfterConversion() {
        Path shared = Llama2cFixtures.stories260K();
        Path bin = shared.resolve("stories260K.bin");
        Path dir = new Llama2cImporter().importModel(bin, shared.resolve("tok512.bin"), temp.resolve("stories")).outDir();
        var encoder = new Llama2cReferenceEncoder(shared.resolve("tok512.bin"));

        int[] story = decodeBothLayoutsAlike(LlamaWeights.fromLlama2c(bin), LlamaWeights.fromHuggingFace(dir),
                encoder.encode("Once upon a time", true), 40);

        // The original layout run by the reference reproduces the story the model is known to write.
        assertTrue(encoder.decode(story).startsWith(", there was a little girl named Lily. She loved to play outside in the park."),
                encoder.decode(story));
    }

    @Test
    void separateClassifierGroupedQueryModelGivesTheSameProbabilitiesBeforeAndAfterConversion() {
        var pieces = Llama2cFixtures.syntheticPieces();
        Path tokenizer = Llama2cFixtures.writeTokenizer(temp.resolve("tok.bin"), pieces, Llama2cFixtures.syntheticScores(pieces));
        Path bin = Llama2cFixtures.writeRandomCheckpoint(temp.resolve("random.bin"), 16, 40, 2, 4, 2, -pieces.size(), 24, 11);
        Path dir = new Llama2cImporter().importModel(bin, tokenizer, temp.resolve("random")).outDir();

        decodeBothLayoutsAlike(LlamaWeights.fromLlama2c(bin), LlamaWeights.fromHuggingFace(dir), new int[] {1, 300, 270}, 20);
    }

    @Test
    void queryAndKeyRowsArePermutedPerHeadAndTheFeedForwardIsPaddedWithZeros() throws Exception {
        var pieces = Llama2cFixtures.syntheticPieces();
        Path tokenizer = Llama2cFixtures.writeTokenizer(temp.resolve("tok.bin"), pieces, Llama2cFixtures.syntheticScores(pieces));
        Path bin = Llama2cFixtures.writeRandomCheckpoint(temp.resolve("random.bin"), 16, 40, 2, 4, 2, pieces.size(), 24, 5);
        ImportedModel imported = new Llama2cImporter().importModel(bin, tokenizer, temp.resolve("random"));
        LlamaWeights original = LlamaWeights.fromLlama2c(bin);
        Map<String, float[]> converted = LlamaWeights.readSafetensors(imported.outDir().resolve("model.safetensors"), new ObjectMapper());
        int dim = 16;
        int headSize = 4;
        int hidden = 40;
        int padded = imported.intermediateSize();
        assertEquals(128, padded);

        for (int layer = 0; layer < 2; layer++) {
            String p = "model.layers." + layer + ".";
            float[] q = converted.get(p + "self_attn.q_proj.weight");
            float[] k = converted.get(p + "self_attn.k_proj.weight");
            for (int head = 0; head < 4; head++) {
                for (int i = 0; i < headSize / 2; i++) {
                    // HF row i pairs with row i + 2; they are llama2.c's rows 2i and 2i + 1
                    assertArrayEquals(row(original.wq()[layer], head * headSize + 2 * i, dim), row(q, head * headSize + i, dim));
                    assertArrayEquals(row(original.wq()[layer], head * headSize + 2 * i + 1, dim), row(q, head * headSize + i + 2, dim));
                    if (head < 2) {
                        assertArrayEquals(row(original.wk()[layer], head * headSize + 2 * i, dim), row(k, head * headSize + i, dim));
                        assertArrayEquals(row(original.wk()[layer], head * headSize + 2 * i + 1, dim), row(k, head * headSize + i + 2, dim));
                    }
                }
            }
            assertArrayEquals(original.wv()[layer], converted.get(p + "self_attn.v_proj.weight"));
            assertArrayEquals(original.wo()[layer], converted.get(p + "self_attn.o_proj.weight"));
            float[] gate = converted.get(p + "mlp.gate_proj.weight");
            float[] up = converted.get(p + "mlp.up_proj.weight");
            float[] down = converted.get(p + "mlp.down_proj.weight");
            assertEquals(padded * dim, gate.length);
            assertArrayEquals(original.w1()[layer], Arrays.copyOf(gate, hidden * dim));
            assertArrayEquals(original.w3()[layer], Arrays.copyOf(up, hidden * dim));
            assertTrue(allZero(Arrays.copyOfRange(gate, hidden * dim, gate.length)));
            assertTrue(allZero(Arrays.copyOfRange(up, hidden * dim, up.length)));
            for (int r = 0; r < dim; r++) {
                assertArrayEquals(row(original.w2()[layer], r, hidden), Arrays.copyOfRange(down, r * padded, r * padded + hidden));
                assertTrue(allZero(Arrays.copyOfRange(down, r * padded + hidden, (r + 1) * padded)));
            }
        }
        assertArrayEquals(original.tokenEmbedding(), converted.get("model.embed_tokens.weight"));
        assertArrayEquals(original.finalNorm(), converted.get("model.norm.weight"));
        assertEquals(false, converted.containsKey("lm_head.weight"), "a shared classifier is not stored twice");
    }

    /** Greedy decoding with both weight sets; probabilities must agree to float rounding at every step. */
    private static int[] decodeBothLayoutsAlike(LlamaWeights original, LlamaWeights converted, int[] prompt, int newTokens) {
        assertEquals(LlamaWeights.RopeLayout.INTERLEAVED, original.rope());
        assertEquals(LlamaWeights.RopeLayout.HALVES, converted.rope());
        NaiveLlama a = new NaiveLlama(original);
        NaiveLlama b = new NaiveLlama(converted);
        float[] pa = null;
        float[] pb = null;
        for (int token : prompt) {
            pa = a.next(token);
            pb = b.next(token);
        }
        int[] generated = new int[newTokens];
        for (int step = 0; step < newTokens; step++) {
            assertArrayEquals(pa, pb, 1e-6f, "step " + step);
            generated[step] = NaiveLlama.argmax(pa);
            assertEquals(generated[step], NaiveLlama.argmax(pb));
            pa = a.next(generated[step]);
            pb = b.next(generated[step]);
        }
        return generated;
    }

    private static float[] row(float[] matrix, int row, int cols) {
        return Arrays.copyOfRange(matrix, row * cols, (row + 1) * cols);
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
