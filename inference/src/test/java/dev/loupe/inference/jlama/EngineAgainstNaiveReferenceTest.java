package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.reference.NaiveLlama;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine checked against an independent reference: a plain Java forward pass reading the same safetensors
 * with no Jlama code. Every probability the decode loop reports, for the chosen token and each of its top-20
 * alternatives, must match the reference within 1e-4 at every step; entropy too.
 */
class EngineAgainstNaiveReferenceTest {

    @Test
    void everyReportedProbabilityMatchesTheNaiveForwardPass() {
        checkAgainstReference("Once upon a time");
    }

    /** A longer prompt takes Jlama's batched prefill through more positions; it once went wrong there. */
    @Test
    void aLongPromptMatchesTheNaiveForwardPassToo() {
        checkAgainstReference("Once upon a time, there was a little girl named Lily. She loved to play outside in the park.\nThe next day");
    }

    @Test
    void aFollowUpInACachedSessionMatchesTheNaiveForwardPass() {
        var dir = SharedModels.stories260K();
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(dir); var session = generator.openSession()) {
            var first = session.generate(new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.GREEDY, 0, 20, List.of(), 0),
                    CancellationToken.none(), TokenListener.NONE);
            int[] prompt = generator.encode(Prompt.text("Once upon a time" + first.text() + "\nThe next day"));
            var request = new GenerationRequest(new Prompt.Tokens(prompt), SamplerSettings.GREEDY, 0, 10, List.of(), 20);
            GenerationResult result = session.generate(request, CancellationToken.none(), TokenListener.NONE);
            assertTrue(result.reusedPromptTokens() > 15, "reused " + result.reusedPromptTokens());
            assertMatches(dir, prompt, result);
        }
    }

    private static void checkAgainstReference(String text) {
        var dir = SharedModels.stories260K();
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(dir)) {
            int[] prompt = generator.encode(Prompt.text(text));
            var request = new GenerationRequest(new Prompt.Tokens(prompt), SamplerSettings.DEFAULTS, 1234, 80, List.of(), 20);
            GenerationResult result = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
            assertTrue(result.generatedTokens() > 20, "generated " + result.generatedTokens());
            assertMatches(dir, prompt, result);
        }
    }

    private static void assertMatches(java.nio.file.Path dir, int[] prompt, GenerationResult result) {
        {
            NaiveLlama naive = NaiveLlama.load(dir);
            float[] probs = null;
            for (int id : prompt) {
                probs = naive.next(id);
            }
            for (TokenEvent event : result.tokens()) {
                double sum = 0;
                double entropy = 0;
                for (float p : probs) {
                    sum += p;
                    entropy -= p > 0 ? p * Math.log(p) : 0;
                }
                assertEquals(1.0, sum, 1e-4, "reference probabilities sum to 1");
                assertEquals(probs[event.id()], event.prob(), 1e-4, "chosen token at step " + event.index());
                assertEquals(entropy, event.entropy(), 1e-3, "entropy at step " + event.index());
                for (TopToken alt : event.top()) {
                    assertEquals(probs[alt.id()], alt.prob(), 1e-4, "alternative " + alt.id() + " at step " + event.index());
                }
                assertEquals(NaiveLlama.argmax(probs), event.top().getFirst().id(), "top-1 at step " + event.index());
                probs = naive.next(event.id());
            }
        }
    }
}
