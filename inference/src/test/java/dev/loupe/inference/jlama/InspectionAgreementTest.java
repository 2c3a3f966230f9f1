package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.importer.RandomModelBuilder;
import dev.loupe.inference.inspect.AttentionMaps;
import dev.loupe.inference.inspect.Inspection;
import dev.loupe.inference.inspect.LensPrediction;
import dev.loupe.inference.inspect.LogitLens;
import dev.loupe.inference.reference.NaiveLlama;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loupe's inspection pass (logit lens, attention) proven against the engine it explains, on the real stories260K
 * and on a random-weight model of another shape: the final residual stream and the probabilities drawn from it
 * within 1e-4 of Jlama's; every layer's residual stream and every attention weight within 1e-4 of the naive
 * reference, which reads the safetensors without Jlama.
 */
class InspectionAgreementTest {
    static final double TOLERANCE = 1e-4;
    static final String STORY = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day";

    @Test
    void passAgreesWithTheEngineAndTheReferenceOnStories260K() {
        checkAgreement(SharedModels.stories260K(), STORY);
    }

    /** Four layers 128 wide, two key/value heads of 32 for four query heads, separate classifier, random weights. */
    @Test
    void passAgreesWithTheEngineAndTheReferenceOnARandomWeightModel(@TempDir Path dir) throws IOException {
        Path shape = Files.createDirectories(dir.resolve("shape"));
        Files.writeString(shape.resolve("config.json"), """
                {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":128,"intermediate_size":384,
                 "num_attention_heads":4,"num_key_value_heads":2,"num_hidden_layers":4,"vocab_size":512,
                 "max_position_embeddings":256,"rms_norm_eps":1e-5,"rope_theta":10000,"tie_word_embeddings":false,
                 "bos_token_id":1,"eos_token_id":2,"hidden_act":"silu"}""");
        Files.copy(SharedModels.stories260K().resolve("tokenizer.json"), shape.resolve("tokenizer.json"));
        Path model = RandomModelBuilder.build(shape, dir.resolve("model"), RandomModelBuilder.WeightType.F32, 11);
        double moved = checkAgreement(model, STORY);
        assertTrue(moved > 100 * TOLERANCE, "the layers must move the residual stream well beyond the tolerance, moved " + moved);
    }

    /** @return the largest change any layer made to the residual stream (how much there is to get wrong) */
    private static double checkAgreement(Path dir, String text) {
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(dir)) {
            int[] ids = generator.encode(Prompt.text(text));
            Inspection inspected = ((JlamaModelLab) generator.lab()).inspection().run(ids, true);
            int layers = inspected.layers();
            int vocab = generator.info().vocabSize();

            // Against the engine: its final residual rows and the probabilities of its output head.
            try (Sequence engine = new Sequence(generator, true)) {
                engine.prefill(ids, 0);
                float[] ours = new float[vocab];
                float[] theirs = new float[vocab];
                double worstRow = 0;
                double worstProbability = 0;
                for (int p = 0; p < ids.length; p++) {
                    worstRow = Math.max(worstRow, maxDifference(engine.row(p), inspected.residual(layers, p)));
                    engine.logitsOf(inspected.residual(layers, p), ours);
                    engine.logitsOf(engine.row(p), theirs);
                    worstProbability = Math.max(worstProbability, maxDifference(NaiveLlama.softmax(ours), NaiveLlama.softmax(theirs)));
                }
                assertTrue(worstRow < TOLERANCE, "final residual differs from the engine's by " + worstRow);
                assertTrue(worstProbability < TOLERANCE, "final probabilities differ from the engine's by " + worstProbability);
            }

            // Against the naive reference: every layer, every attention weight, and the lens's norm and head.
            AttentionMaps attention = inspected.attention().orElseThrow();
            NaiveLlama naive = NaiveLlama.load(dir);
            double moved = 0;
            for (int p = 0; p < ids.length; p++) {
                naive.next(ids[p]);
                float[][] residuals = naive.lastResiduals();
                for (int layer = 0; layer <= layers; layer++) {
                    double d = maxDifference(residuals[layer], inspected.residual(layer, p));
                    assertTrue(d < TOLERANCE, "layer " + layer + " position " + p + " differs from the reference by " + d);
                    if (layer > 0) {
                        moved = Math.max(moved, maxDifference(residuals[layer], residuals[layer - 1]));
                    }
                }
                float[][][] weights = naive.lastAttention();
                for (int layer = 0; layer < layers; layer++) {
                    for (int head = 0; head < attention.heads(); head++) {
                        double d = maxDifference(weights[layer][head], attention.row(layer, head, p));
                        assertTrue(d < TOLERANCE, "attention of layer " + layer + " head " + head + " at " + p + " differs by " + d);
                    }
                }
            }
            return moved;
        }
    }

    @Test
    void attentionRowsAreCausalDistributions() {
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(SharedModels.stories260K())) {
            AttentionMaps maps = generator.lab().attention(Prompt.text(STORY));
            int n = generator.encode(Prompt.text(STORY)).length;
            assertEquals(n, maps.tokens());
            assertEquals(5, maps.layers());
            assertEquals(8, maps.heads());
            for (int layer = 0; layer < maps.layers(); layer++) {
                for (int head = 0; head < maps.heads(); head++) {
                    for (int q = 0; q < n; q++) {
                        double sum = 0;
                        for (int k = 0; k < n; k++) {
                            float w = maps.weight(layer, head, q, k);
                            if (k > q) {
                                assertEquals(0f, w, "no attention to later positions");
                            }
                            assertTrue(w >= 0 && w <= 1);
                            sum += w;
                        }
                        assertEquals(1.0, sum, 1e-5, "row " + q + " of layer " + layer + " head " + head);
                    }
                }
            }
        }
    }

    @Test
    void lensEndsWithTheEnginesOwnOutputAndItsLayersMatchTheReference() {
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(SharedModels.stories260K())) {
            LogitLens lens = generator.lab().logitLens(Prompt.text(STORY), 5);
            int[] ids = lens.tokenIds();
            int n = ids.length;
            assertEquals(5, lens.layers());
            var request = new GenerationRequest(new Prompt.Tokens(ids), SamplerSettings.GREEDY, 0, 1, List.of(), 5);
            GenerationResult next = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
            LensPrediction last = lens.prediction(5, n - 1);
            assertEquals(next.tokens().getFirst().top(), last.top(), "the last layer is the engine's own output");
            assertEquals(next.tokenIds()[0], lens.finalTokenIds()[n - 1]);
            assertTrue(Float.isNaN(last.nextTokenProbability()));

            NaiveLlama naive = NaiveLlama.load(SharedModels.stories260K());
            for (int p = 0; p < n; p++) {
                naive.next(ids[p]);
                float[][] residuals = naive.lastResiduals();
                for (int layer = 0; layer <= lens.layers(); layer++) {
                    float[] probabilities = NaiveLlama.softmax(naive.logitsOf(residuals[layer]));
                    LensPrediction cell = lens.prediction(layer, p);
                    assertEquals(layer, cell.layer());
                    assertEquals(p, cell.position());
                    assertEquals(probabilities[lens.finalTokenIds()[p]], cell.finalTokenProbability(), TOLERANCE);
                    if (p + 1 < n) {
                        assertEquals(probabilities[ids[p + 1]], cell.nextTokenProbability(), TOLERANCE);
                    }
                    for (var top : cell.top()) {
                        assertEquals(probabilities[top.id()], top.prob(), TOLERANCE, "layer " + layer + " position " + p);
                    }
                    assertEquals(NaiveLlama.argmax(probabilities), cell.top().getFirst().id(), "layer " + layer + " position " + p);
                }
                assertEquals(lens.finalTokenIds()[p], lens.prediction(lens.layers(), p).top().getFirst().id());
            }
        }
    }

    @Test
    void inspectionRefusesPromptsBeyondItsLimit() {
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(SharedModels.stories260K())) {
            int[] tooLong = new int[generator.contextTokens() + 1];
            java.util.Arrays.fill(tooLong, 100);
            assertThrows(LoupeException.class, () -> generator.lab().attention(new Prompt.Tokens(tooLong)));
            assertThrows(LoupeException.class, () -> generator.lab().logitLens(Prompt.text("Once"), 0));
        }
    }

    static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
