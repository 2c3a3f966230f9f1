package dev.loupe.inference.sampling;

/**
 * Nucleus sampling: keeps the smallest set of most probable candidates whose probability reaches p (renormalised
 * over the current candidates), so the token that crosses p is kept.
 *
 * <p>On an unsorted set two cheap stages replace a sort. First, a token ranked second or lower can only be in the
 * nucleus if it is more probable than (1 - p) / (n - 1): the tokens from it downwards carry more than 1 - p,
 * and there are at most n - 1 of them, none more probable than it. Every token below that floor (set a little
 * lower, to absorb rounding) is dropped in one pass; for a peaked distribution that leaves a handful. Then
 * {@link MassSelection} finds the exact nucleus among the rest without sorting them, which keeps flat
 * distributions cheap too.
 */
final class TopPFilter implements SamplerStep {
    /** Below this 1 - p the floor is too close to rounding noise to be safe, and is not used. */
    private static final double MIN_TAIL_FOR_FLOOR = 1e-4;
    private static final double FLOOR_SLACK = 1 - 1e-6;

    private final double p;

    TopPFilter(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("top-p step needs 0 < p < 1, got " + p);
        }
        this.p = p;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.TOP_P;
    }

    @Override
    public void apply(Candidates candidates) {
        candidates.ensureWeights();
        int[] ids = candidates.ids;
        float[] weight = candidates.weight;
        int n = candidates.size;
        double target = p * candidates.totalWeight;
        if (candidates.sorted) {
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += weight[ids[i]];
                if (cumulative >= target) {
                    candidates.retain(i + 1);
                    return;
                }
            }
            return;
        }
        int survivors = n;
        if (n > 1 && 1 - p >= MIN_TAIL_FOR_FLOOR) {
            // The most probable candidate weighs maxWeight and is never dropped, whatever the floor.
            double floor = Math.min(candidates.maxWeight, (1 - p) * candidates.totalWeight / (n - 1) * FLOOR_SLACK);
            survivors = 0;
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                // Branch-free compaction: survivors <= i, so the store never hits an unread id.
                ids[survivors] = id;
                survivors += weight[id] >= floor ? 1 : 0;
            }
        }
        candidates.retain(candidates.selection.keepPrefix(ids, survivors, weight, candidates.canonical, target));
    }
}
