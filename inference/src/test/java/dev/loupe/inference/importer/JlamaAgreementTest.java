package dev.loupe.inference.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.loupe.inference.reference.LlamaWeights;
import dev.loupe.inference.reference.NaiveLlama;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jlama running an imported folder against {@link NaiveLlama} running the same files, step by step through a
 * greedy decode. Agreement means the folder is a faithful Llama model and Jlama reads it as intended.
 */
class JlamaAgreementTest {
    private static final float TOLERANCE = 1e-4f;

    @TempDir
    Path temp;

    @Test
    void stories260KDecodesTheKnownStoryAndMatchesTheReferenceAtEveryStep() throws Exception {
        Path shared = Llama2cFixtures.stories260K();
        Path dir = new Llama2cImporter().importModel(shared.resolve("stories260K.bin"), shared.resolve("tok512.bin"), temp.resolve("stories")).outDir();
        var reference = new Llama2cReferenceEncoder(shared.resolve("tok512.bin"));

        try (Loaded loaded = load(dir)) {
            AbstractModel model = loaded.model();
            int[] prompt = model.encodePrompt(PromptContext.of("Once upon a time"));
            assertArrayEquals(reference.encode("Once upon a time", true), prompt);

            int[] story = greedyDecodeCheckingEveryStep(model, NaiveLlama.load(dir), prompt, 80);

            assertTrue(reference.decode(story).startsWith(", there was a little girl named Lily. She loved to play outside in the park."
                    + " One day, she saw a big, red ball. She wanted to play with it, but it was too high."), reference.decode(story));
        }
    }

    @Test
    void separateClassifierModelWithUnalignedFeedForwardMatchesTheReference() throws Exception {
        var pieces = Llama2cFixtures.syntheticPieces();
        Path tokenizer = Llama2cFixtures.writeTokenizer(temp.resolve("tok.bin"), pieces, Llama2cFixtures.syntheticScores(pieces));
        // hidden 40 is not a multiple of 8; the negative vocabulary size stores the classifier separately; head
        // size 8 because Jlama's native attention kernel needs a multiple of 8 (see Llama2cImporter)
        Path checkpoint = Llama2cFixtures.writeRandomCheckpoint(temp.resolve("random.bin"), 32, 40, 2, 4, 2, -pieces.size(), 64, 7);
        ImportedModel imported = new Llama2cImporter().importModel(checkpoint, tokenizer, temp.resolve("random"));
        assertEquals(false, imported.shape().sharedClassifier());
        assertTrue(LlamaWeights.readSafetensors(imported.outDir().resolve("model.safetensors"), new ObjectMapper()).containsKey("lm_head.weight"));
        var reference = new Llama2cReferenceEncoder(tokenizer);

        try (Loaded loaded = load(imported.outDir())) {
            AbstractModel model = loaded.model();
            int[] prompt = model.encodePrompt(PromptContext.of("The ball and she"));
            assertArrayEquals(reference.encode("The ball and she", true), prompt);

            // Stay clear of the last positions: Jlama 0.8.4 reads past its RoPE table at position >= 64 - 2 * (kvHeads - 1).
            greedyDecodeCheckingEveryStep(model, NaiveLlama.load(imported.outDir()), prompt, 40);
        }
    }

    @Test
    void importedFolderCanBeQuantisedToQ4ByJlamaAndStillTellsTheStory() throws Exception {
        Path shared = Llama2cFixtures.stories260K();
        Path dir = new Llama2cImporter().importModel(shared.resolve("stories260K.bin"), shared.resolve("tok512.bin"), temp.resolve("stories")).outDir();
        // Jlama's quantiser needs the README.md the importer writes, and 32-wide blocks in every weight row.
        Path q4 = SafeTensorSupport.quantizeModel(dir, DType.Q4, null, null, Optional.of(temp.resolve("stories-q4")));
        var reference = new Llama2cReferenceEncoder(shared.resolve("tok512.bin"));

        try (Loaded loaded = new Loaded(ModelSupport.loadModel(q4.toFile(), DType.F32, DType.I8));
                KvBufferCache cache = new KvBufferCache(loaded.model()); KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer()) {
            AbstractModel model = loaded.model();
            assertEquals(DType.Q4, model.getWeights().getModelDType());
            int[] prompt = model.encodePrompt(PromptContext.of("Once upon a time"));
            int[] story = new int[12];
            float[] probs;
            try (AbstractTensor<?, ?> out = model.batchForward(prompt, 0, kv); AbstractTensor<?, ?> last = out.slice(out.shape().first() - 1)) {
                probs = model.getLogits(last);
            }
            for (int step = 0; step < story.length; step++) {
                story[step] = NaiveLlama.argmax(probs);
                try (AbstractTensor<?, ?> hidden = model.forward(story[step], prompt.length + step, kv, Optional.empty())) {
                    probs = model.getLogits(hidden);
                }
            }
            assertTrue(reference.decode(story).startsWith(", there was a little girl named Lily."), reference.decode(story));
        }
    }

    /** A Jlama model and its memory-mapped weight files, closed together. */
    private record Loaded(AbstractModel model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
            try {
                model.getWeights().close();
            } catch (Exception e) {
                throw new IllegalStateException("Jlama could not close the weight files", e);
            }
        }
    }

    private static Loaded load(Path dir) {
        // For F32 weights Jlama 0.8.4 replaces the I8 working quantisation with F32 itself (AbstractModel's
        // constructor), so activations stay F32 and the comparison with the reference is exact up to rounding.
        AbstractModel model = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.I8);
        assertEquals(DType.F32, model.getWorkingDType());
        assertEquals(DType.F32, model.getWeights().getModelDType());
        return new Loaded(model);
    }

    /**
     * Greedy decoding with Jlama's own building blocks (batch prompt, then one token at a time), checking at
     * every step that Jlama's probabilities equal the reference's within {@link #TOLERANCE}, sum to 1 and have the
     * same argmax.
     *
     * @return the generated token ids, prompt excluded
     */
    private static int[] greedyDecodeCheckingEveryStep(AbstractModel model, NaiveLlama naive, int[] prompt, int newTokens) {
        float[] expected = null;
        for (int token : prompt) {
            expected = naive.next(token);
        }
        int[] generated = new int[newTokens];
        try (KvBufferCache cache = new KvBufferCache(model); KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer()) {
            float[] actual;
            try (AbstractTensor<?, ?> out = model.batchForward(prompt, 0, kv); AbstractTensor<?, ?> last = out.slice(out.shape().first() - 1)) {
                actual = model.getLogits(last);
            }
            for (int step = 0; step < newTokens; step++) {
                assertAgree(expected, actual, step);
                generated[step] = NaiveLlama.argmax(actual);
                if (step + 1 < newTokens) {
                    expected = naive.next(generated[step]);
                    try (AbstractTensor<?, ?> hidden = model.forward(generated[step], prompt.length + step, kv, Optional.empty())) {
                        actual = model.getLogits(hidden);
                    }
                }
            }
        }
        return generated;
    }

    private static void assertAgree(float[] expected, float[] actual, int step) {
        assertEquals(expected.length, actual.length);
        double sum = 0;
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            sum += actual[i];
        }
        assertTrue(worst <= TOLERANCE, "step " + step + ": probabilities differ by up to " + worst);
        assertEquals(1.0, sum, TOLERANCE, "Jlama's probabilities at step " + step + " sum to " + sum);
        assertEquals(NaiveLlama.argmax(expected), NaiveLlama.argmax(actual), "most probable token at step " + step);
    }
}
