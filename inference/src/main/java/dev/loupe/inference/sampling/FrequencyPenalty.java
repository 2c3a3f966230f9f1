package dev.loupe.inference.sampling;

/** Subtracts the penalty from a token's logit once per occurrence in the window (OpenAI's frequency penalty). */
final class FrequencyPenalty implements SamplerStep {
    private final double penalty;
    private final PenaltyWindow window;

    FrequencyPenalty(double penalty, PenaltyWindow window) {
        this.penalty = penalty;
        this.window = window;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.FREQUENCY_PENALTY;
    }

    @Override
    public void apply(Candidates candidates) {
        float[] logit = candidates.logit;
        for (int i = 0; i < window.distinctCount(); i++) {
            int id = window.distinctId(i);
            logit[id] = (float) (logit[id] - window.count(id) * penalty);
        }
        candidates.logitsChanged();
    }
}
