package dev.loupe.inference.sampling;

/**
 * One link of the sampler chain: reshapes the logits or narrows the candidate set in place. Steps are small,
 * stateless between calls apart from reusable scratch, allocate nothing, and each is checked against a naive
 * reference in the tests.
 */
interface SamplerStep {
    /** What this step is called in a {@link StepExplanation}. */
    StepExplanation.Kind kind();

    /**
     * Applies the step to {@code candidates}, mutating its logits, weights and candidate set as documented by the
     * step; filters always keep at least one candidate.
     */
    void apply(Candidates candidates);
}
