package dev.loupe.inference.sampling;

/** Subtracts the penalty once from the logit of every token present in the window (OpenAI's presence penalty). */
final class PresencePenalty implements SamplerStep {
    private final double penalty;
    private final PenaltyWindow window;

    PresencePenalty(double penalty, PenaltyWindow window) {
        this.penalty = penalty;
        this.window = window;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.PRESENCE_PENALTY;
    }

    @Override
    public void apply(Candidates candidates) {
        float[] logit = candidates.logit;
        for (int i = 0; i < window.distinctCount(); i++) {
            int id = window.distinctId(i);
            logit[id] = (float) (logit[id] - penalty);
        }
        candidates.logitsChanged();
    }
}
