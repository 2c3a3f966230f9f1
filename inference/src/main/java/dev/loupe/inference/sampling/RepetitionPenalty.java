package dev.loupe.inference.sampling;

/**
 * CTRL-style repetition penalty: the logit of every token present in the window (once, however often it occurs)
 * is divided by the penalty when positive and multiplied by it otherwise, so a penalty above 1 always makes the
 * token less likely. Computed in double, stored as float.
 */
final class RepetitionPenalty implements SamplerStep {
    private final double penalty;
    private final PenaltyWindow window;

    RepetitionPenalty(double penalty, PenaltyWindow window) {
        this.penalty = penalty;
        this.window = window;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.REPETITION_PENALTY;
    }

    @Override
    public void apply(Candidates candidates) {
        float[] logit = candidates.logit;
        for (int i = 0; i < window.distinctCount(); i++) {
            int id = window.distinctId(i);
            float z = logit[id];
            logit[id] = (float) (z > 0 ? z / penalty : z * penalty);
        }
        candidates.logitsChanged();
    }
}
