package dev.loupe.inference.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks of the reference forward pass that need no model files. */
class NaiveLlamaTest {
    private static final LlamaWeights.Config CONFIG = new LlamaWeights.Config(8, 12, 2, 2, 1, 10, 6, 1e-5f, 10000.0);

    @Test
    void probabilitiesSumToOneAtEveryPosition() {
        NaiveLlama llama = new NaiveLlama(random(CONFIG, 1, LlamaWeights.RopeLayout.HALVES));
        for (int token : new int[] {1, 4, 4, 9, 0, 3}) {
            double sum = 0;
            for (float p : llama.next(token)) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    @Test
    void resetReplaysTheSameProbabilities() {
        NaiveLlama llama = new NaiveLlama(random(CONFIG, 2, LlamaWeights.RopeLayout.INTERLEAVED));
        llama.next(3);
        float[] first = llama.next(5);
        llama.reset();
        assertEquals(0, llama.position());
        llama.next(3);
        assertArrayEquals(first, llama.next(5));
    }

    @Test
    void withoutAttentionAndFeedForwardTheLogitsAreTheClassifierTimesTheNormalisedEmbedding() {
        LlamaWeights random = random(CONFIG, 3, LlamaWeights.RopeLayout.HALVES);
        float[][] zeros = {new float[8 * 8], new float[8 * 8]};
        float[][] zeroDown = {new float[8 * 12], new float[8 * 12]};
        LlamaWeights w = new LlamaWeights(CONFIG, random.rope(), random.tokenEmbedding(), random.attentionNorm(), random.wq(),
                random.wk(), random.wv(), zeros, random.ffnNorm(), random.w1(), zeroDown, random.w3(), random.finalNorm(),
                random.classifier());
        int token = 7;
        double ss = 0;
        for (int j = 0; j < 8; j++) {
            ss += Math.pow(w.tokenEmbedding()[token * 8 + j], 2);
        }
        double rms = Math.sqrt(ss / 8 + 1e-5);
        float[] expected = new float[10];
        for (int v = 0; v < 10; v++) {
            double logit = 0;
            for (int j = 0; j < 8; j++) {
                logit += w.classifier()[v * 8 + j] * w.finalNorm()[j] * w.tokenEmbedding()[token * 8 + j] / rms;
            }
            expected[v] = (float) logit;
        }
        assertArrayEquals(expected, new NaiveLlama(w).nextLogits(token), 1e-5f);
    }

    @Test
    void tokensOutsideTheVocabularyAndAFullContextAreRefused() {
        NaiveLlama llama = new NaiveLlama(random(CONFIG, 4, LlamaWeights.RopeLayout.HALVES));
        assertThrows(IllegalArgumentException.class, () -> llama.next(10));
        for (int i = 0; i < CONFIG.contextLength(); i++) {
            llama.next(1);
        }
        assertThrows(IllegalStateException.class, () -> llama.next(1));
    }

    static LlamaWeights random(LlamaWeights.Config c, long seed, LlamaWeights.RopeLayout rope) {
        Random r = new Random(seed);
        int d = c.dim();
        int h = c.hiddenDim();
        int kv = c.kvDim();
        int n = c.layers();
        return new LlamaWeights(c, rope, gaussian(r, c.vocabSize() * d, 0),
                layers(r, n, d, 1), layers(r, n, d * d, 0), layers(r, n, kv * d, 0), layers(r, n, kv * d, 0), layers(r, n, d * d, 0),
                layers(r, n, d, 1), layers(r, n, h * d, 0), layers(r, n, d * h, 0), layers(r, n, h * d, 0),
                gaussian(r, d, 1), gaussian(r, c.vocabSize() * d, 0));
    }

    private static float[][] layers(Random r, int layers, int count, double mean) {
        float[][] a = new float[layers][];
        for (int l = 0; l < layers; l++) {
            a[l] = gaussian(r, count, mean);
        }
        return a;
    }

    private static float[] gaussian(Random r, int count, double mean) {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = (float) (mean + 0.5 * r.nextGaussian());
        }
        return a;
    }
}
