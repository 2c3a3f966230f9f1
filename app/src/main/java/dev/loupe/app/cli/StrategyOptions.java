package dev.loupe.app.cli;

import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --strategy greedy|sample|beam|contrastive} and its parameters. Beam and contrastive search (and greedy)
 * ignore the sampler chain, so sampler flags given with them are refused rather than silently dropped;
 * contrastive search takes its candidate count from {@code --top-k}, as Hugging Face's {@code top_k} does.
 */
final class StrategyOptions {
    /** The strategies by their command-line names. */
    enum Name { GREEDY, SAMPLE, BEAM, CONTRASTIVE }

    static final int DEFAULT_BEAM_WIDTH = 4;
    static final double DEFAULT_ALPHA = 0.6;
    static final int DEFAULT_CONTRASTIVE_TOP_K = 4;

    @Option(names = "--strategy", description = "greedy, sample, beam or contrastive (default: ${DEFAULT-VALUE}).", defaultValue = "sample")
    Name strategy;

    @Option(names = "--beam-width", description = "Beams kept per step (beam; default: " + DEFAULT_BEAM_WIDTH + ").")
    Integer beamWidth;

    @Option(names = "--length-penalty", description = "Exponent of the length normalisation of finished beams (beam; default: 1).")
    Double lengthPenalty;

    @Option(names = "--no-early-stopping", description = "Keep searching after beam-width hypotheses finished while a live beam could still beat them (beam).")
    boolean noEarlyStopping;

    @Option(names = "--beams", description = "How many of the best beams to report (beam; default: 1).")
    Integer beams;

    @Option(names = "--alpha", description = "Degeneration penalty (contrastive; default: " + DEFAULT_ALPHA + "); candidates come from --top-k (default: "
            + DEFAULT_CONTRASTIVE_TOP_K + ").")
    Double alpha;

    /** The strategy these flags ask for, checked against the sampler flags given alongside. */
    DecodingStrategy strategy(SamplingOptions sampling) {
        List<String> beamFlags = new java.util.ArrayList<>();
        if (beamWidth != null) {
            beamFlags.add("--beam-width");
        }
        if (lengthPenalty != null) {
            beamFlags.add("--length-penalty");
        }
        if (noEarlyStopping) {
            beamFlags.add("--no-early-stopping");
        }
        if (beams != null) {
            beamFlags.add("--beams");
        }
        if (strategy != Name.BEAM && !beamFlags.isEmpty()) {
            throw new InvalidSettingsException(String.join(", ", beamFlags) + " only apply to --strategy beam");
        }
        if (strategy != Name.CONTRASTIVE && alpha != null) {
            throw new InvalidSettingsException("--alpha only applies to --strategy contrastive");
        }
        if (strategy != Name.SAMPLE) {
            List<String> ignored = sampling.explicitSamplerFlags(strategy == Name.CONTRASTIVE);
            if (!ignored.isEmpty()) {
                throw new InvalidSettingsException(String.join(", ", ignored) + " do not apply to --strategy " + strategy.name().toLowerCase()
                        + ", which works on the model's own probabilities; drop them or use --strategy sample");
            }
        }
        return switch (strategy) {
            case GREEDY, SAMPLE -> DecodingStrategy.SAMPLING;
            case BEAM -> {
                int width = beamWidth != null ? beamWidth : DEFAULT_BEAM_WIDTH;
                yield new DecodingStrategy.BeamSearch(width, lengthPenalty != null ? lengthPenalty : 1.0, !noEarlyStopping, beams != null ? beams : 1);
            }
            case CONTRASTIVE -> new DecodingStrategy.ContrastiveSearch(alpha != null ? alpha : DEFAULT_ALPHA,
                    sampling.topK != null ? sampling.topK : DEFAULT_CONTRASTIVE_TOP_K);
        };
    }

    /** The request: sampling flags for {@code sample}, pure greedy settings for every other strategy. */
    GenerationRequest request(SamplingOptions sampling, Prompt prompt) {
        GenerationRequest request = sampling.request(prompt);
        return strategy == Name.SAMPLE ? request : request.withSampler(SamplerSettings.GREEDY);
    }
}
