package dev.loupe.inference.sampling;

/**
 * Keeps the candidates at least minP times as probable as the most probable one. One pass; the order of the
 * candidates is kept, so a sorted set stays sorted.
 */
final class MinPFilter implements SamplerStep {
    private final double minP;

    MinPFilter(double minP) {
        if (!(minP > 0 && minP < 1)) {
            throw new IllegalArgumentException("min-p step needs 0 < minP < 1, got " + minP);
        }
        this.minP = minP;
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.MIN_P;
    }

    @Override
    public void apply(Candidates candidates) {
        candidates.ensureWeights();
        int[] ids = candidates.ids;
        float[] weight = candidates.weight;
        double threshold = minP * candidates.maxWeight;
        int kept = 0;
        for (int i = 0; i < candidates.size; i++) {
            int id = ids[i];
            if (weight[id] >= threshold) {
                ids[kept++] = id;
            }
        }
        candidates.retain(kept);
    }
}
