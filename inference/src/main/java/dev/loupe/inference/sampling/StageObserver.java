package dev.loupe.inference.sampling;

/**
 * Watches the chain between steps. {@link #NONE} on the hot path, where it costs one empty call per step;
 * {@link ExplanationRecorder} for {@link SamplerChain#explain}. Observers only read the candidates.
 */
interface StageObserver {
    StageObserver NONE = new StageObserver() {
        @Override
        public void afterStep(StepExplanation.Kind kind, Candidates candidates) {
        }

        @Override
        public void chosen(double u, int tokenId) {
        }
    };

    /** Called with {@link StepExplanation.Kind#RAW} before the first step, then after every step. */
    void afterStep(StepExplanation.Kind kind, Candidates candidates);

    /** The outcome: {@code u} is NaN for greedy decoding. */
    void chosen(double u, int tokenId);
}
