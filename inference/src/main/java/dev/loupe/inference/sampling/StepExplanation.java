package dev.loupe.inference.sampling;

import java.util.List;
import java.util.Optional;

/**
 * What the sampler chain did for one token, stage by stage, for the UI to draw: the model's raw distribution,
 * the distribution after each penalty, the bias and the temperature, after each enabled filter (with where it
 * cut), the final renormalised distribution, the random number drawn and the token chosen. Produced by
 * {@link SamplerChain#explain}, which runs the very same steps as {@link SamplerChain#sample}.
 *
 * <p>Probabilities here are computed in double from the logits; they agree with the sampler's own float weights
 * to about 1e-6.
 *
 * @param stages in chain order: {@link Kind#RAW} first, {@link Kind#FINAL} last, one per enabled step between
 * @param u the uniform number in [0, 1) the draw used, or NaN when decoding was greedy (no draw)
 * @param chosenId the token the chain picked
 */
public record StepExplanation(List<Stage> stages, double u, int chosenId) {
    public StepExplanation {
        stages = List.copyOf(stages);
        if (stages.size() < 2 || stages.getFirst().kind() != Kind.RAW || stages.getLast().kind() != Kind.FINAL) {
            throw new IllegalArgumentException("an explanation runs from RAW to FINAL, got " + stages.stream().map(Stage::kind).toList());
        }
        if (!Double.isNaN(u) && !(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("u must be in [0, 1) or NaN for greedy, got " + u);
        }
        if (chosenId < 0) {
            throw new IllegalArgumentException("chosen id must not be negative, got " + chosenId);
        }
    }

    /** True when temperature 0 made the chain take the argmax without a draw. */
    public boolean greedy() {
        return Double.isNaN(u);
    }

    /** The stage of the given kind; empty when that step was not enabled. */
    public Optional<Stage> stage(Kind kind) {
        return stages.stream().filter(stage -> stage.kind() == kind).findFirst();
    }

    /** Which step a stage shows the outcome of. */
    public enum Kind {
        /** The model's own distribution: raw logits at temperature 1. */
        RAW(false),
        REPETITION_PENALTY(false),
        FREQUENCY_PENALTY(false),
        PRESENCE_PENALTY(false),
        LOGIT_BIAS(false),
        TEMPERATURE(false),
        TOP_K(true),
        TOP_P(true),
        MIN_P(true),
        TYPICAL_P(true),
        /** The distribution the token was drawn from (for greedy: all mass on the argmax). */
        FINAL(false);

        private final boolean filter;

        Kind(boolean filter) {
            this.filter = filter;
        }

        /** True for the steps that drop candidates rather than reshape the logits. */
        public boolean filter() {
            return filter;
        }
    }

    /** One token and its probability at a stage. */
    public record TokenProbability(int id, double probability) {
        public TokenProbability {
            if (id < 0 || !(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("need id >= 0 and a probability in [0, 1], got " + id + ", " + probability);
            }
        }
    }

    /**
     * The distribution after one step, summarised.
     *
     * @param kind the step
     * @param candidateCount how many tokens are still candidates after the step
     * @param keptMass for a filter: the probability the kept tokens had in the previous stage; 1 otherwise
     * @param cutoffProbability for a filter: the lowest previous-stage probability among the kept tokens, the line
     *     where the filter cut (typical-p may also drop tokens above it); 0 otherwise
     * @param entropy entropy of this stage's distribution, in nats
     * @param top the most probable tokens of this stage, most probable first (ties: lower id), renormalised over
     *     the candidates; at most the number asked for
     */
    public record Stage(Kind kind, int candidateCount, double keptMass, double cutoffProbability, double entropy,
                        List<TokenProbability> top) {
        public Stage {
            if (candidateCount < 1) {
                throw new IllegalArgumentException("a stage keeps at least one candidate, got " + candidateCount);
            }
            top = List.copyOf(top);
        }
    }
}
