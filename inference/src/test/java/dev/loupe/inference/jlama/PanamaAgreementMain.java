package dev.loupe.inference.jlama;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.reference.NaiveLlama;
import dev.loupe.inference.sampling.SamplerSettings;
import java.nio.file.Path;
import java.util.List;

/** Run in a child JVM by {@link JlamaKernelsTest}: generates from the model in args[0] and checks it against the naive pass. */
public final class PanamaAgreementMain {
    private PanamaAgreementMain() {}

    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(model)) {
            int[] prompt = generator.encode(Prompt.text("Hello world, this is a longer prompt for the batched prefill"));
            var request = new GenerationRequest(new Prompt.Tokens(prompt), SamplerSettings.GREEDY, 0, 4, List.of(), 5);
            GenerationResult result = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
            NaiveLlama naive = NaiveLlama.load(model);
            float[] probs = null;
            for (int id : prompt) {
                probs = naive.next(id);
            }
            double worst = 0;
            for (TokenEvent event : result.tokens()) {
                for (TopToken alt : event.top()) {
                    worst = Math.max(worst, Math.abs(probs[alt.id()] - alt.prob()));
                }
                probs = naive.next(event.id());
            }
            System.out.println("kernels=" + JlamaKernels.describe() + " worst=" + worst);
        }
    }
}
