package dev.loupe.app.cli;

import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The sampler flags shared by every command that generates; defaults are {@link SamplerSettings#DEFAULTS}. */
final class SamplingOptions {
    private static final SamplerSettings D = SamplerSettings.DEFAULTS;

    @Option(names = "--max-tokens", description = "Maximum new tokens (default: ${DEFAULT-VALUE}).", defaultValue = "256")
    int maxTokens;

    @Option(names = "--temperature", description = "0 is greedy (default: 0.8).")
    Double temperature;

    @Option(names = "--top-k", description = "Keep the K most probable tokens, 0 = off (default: 40).")
    Integer topK;

    @Option(names = "--top-p", description = "Nucleus mass, 1 = off (default: 0.95).")
    Double topP;

    @Option(names = "--min-p", description = "Keep tokens at least P x the best one, 0 = off (default: 0.05).")
    Double minP;

    @Option(names = "--typical-p", description = "Locally typical mass, 1 = off (default: 1).")
    Double typicalP;

    @Option(names = "--repeat-penalty", description = "Repetition penalty, 1 = off (default: 1.1).")
    Double repeatPenalty;

    @Option(names = "--frequency-penalty", description = "Per-occurrence penalty, 0 = off (default: 0).")
    Double frequencyPenalty;

    @Option(names = "--presence-penalty", description = "Once-per-token penalty, 0 = off (default: 0).")
    Double presencePenalty;

    @Option(names = "--penalty-window", description = "Recent tokens the penalties look at, 0 = all (default: 64).")
    Integer penaltyWindow;

    @Option(names = "--seed", description = "Seed of the draw; the same seed and settings repeat a run (default: random, printed).")
    Long seed;

    @Option(names = "--stop", description = "Stop when this text appears (repeatable); it is not printed.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--top-logprobs", description = "Alternatives reported per token, 0-20 (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int topLogprobs;

    SamplerSettings settings() {
        return new SamplerSettings(
                or(temperature, D.temperature()), or(topK, D.topK()), or(topP, D.topP()), or(minP, D.minP()),
                or(typicalP, D.typicalP()), or(repeatPenalty, D.repetitionPenalty()), or(frequencyPenalty, D.frequencyPenalty()),
                or(presencePenalty, D.presencePenalty()), or(penaltyWindow, D.penaltyWindowTokens()), Map.of());
    }

    GenerationRequest request(Prompt prompt) {
        long s = seed != null ? seed : GenerationRequest.randomSeed();
        return new GenerationRequest(prompt, settings(), s, maxTokens, stop, topLogprobs);
    }

    /**
     * The sampler flags given on the command line (not the defaults), by name, except {@code --top-k} when
     * {@code withoutTopK}: strategies that ignore the sampler reject them rather than silently dropping them.
     */
    List<String> explicitSamplerFlags(boolean withoutTopK) {
        List<String> given = new ArrayList<>();
        addIf(given, temperature, "--temperature");
        if (!withoutTopK) {
            addIf(given, topK, "--top-k");
        }
        addIf(given, topP, "--top-p");
        addIf(given, minP, "--min-p");
        addIf(given, typicalP, "--typical-p");
        addIf(given, repeatPenalty, "--repeat-penalty");
        addIf(given, frequencyPenalty, "--frequency-penalty");
        addIf(given, presencePenalty, "--presence-penalty");
        addIf(given, penaltyWindow, "--penalty-window");
        return given;
    }

    private static void addIf(List<String> names, Object value, String name) {
        if (value != null) {
            names.add(name);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
