package dev.loupe.inference.sampling;

/**
 * Keeps the k most probable candidates (ties: lower id). A bounded heap selects them in about one pass without
 * computing any probability; the kept candidates end up in canonical order, which lets later filters walk them.
 */
final class TopKFilter implements SamplerStep {
    private final int k;

    TopKFilter(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
        }
        this.k = k;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.TOP_K;
    }

    @Override
    public void apply(Candidates candidates) {
        if (k >= candidates.size) {
            return;
        }
        int[] source = candidates.dense ? null : candidates.ids;
        TopSelection.select(candidates.logit, source, candidates.size, k, candidates.scratch, candidates.ids);
        candidates.retain(k);
        candidates.sorted = true;
    }
}
