package dev.loupe.inference.sampling;

/**
 * Locally typical sampling: ranks candidates by how far their surprisal (-ln q) is from the entropy H of the
 * current distribution q, closest first (ties: lower id), and keeps the shortest such prefix whose probability
 * reaches p. May drop the most probable token.
 *
 * <p>With weights w = exp(s) (s the scaled logit relative to the maximum) and W = Σw, surprisal is ln W - s and
 * H = ln W - Σ(w·s)/W, so the distance is |s - mean(s)|: no logarithm per token. The prefix is found with
 * {@link MassSelection}, without sorting.
 */
final class TypicalPFilter implements SamplerStep {
    private final double p;
    private final double[] distance; // [vocab] by token id, valid for the current candidates during apply
    private final CandidateOrder closerFirst = new CandidateOrder() {
        @Override
        public boolean precedes(int a, int b) {
            double da = distance[a];
            double db = distance[b];
            return da < db || (da == db && a < b);
        }

        @Override
        public void buckets(int[] ids, int n, int[] buckets) {
            for (int i = 0; i < n; i++) {
                buckets[i] = MassSelection.bucketOf((float) distance[ids[i]]);
            }
        }
    };

    TypicalPFilter(double p, int vocabSize) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("typical-p step needs 0 < p < 1, got " + p);
        }
        this.p = p;
        this.distance = new double[vocabSize];
    }

    @Override
    public StepExplanation.Kind kind() {
        return StepExplanation.Kind.TYPICAL_P;
    }

    @Override
    public void apply(Candidates candidates) {
        candidates.ensureWeights();
        int[] ids = candidates.ids;
        float[] weight = candidates.weight;
        int n = candidates.size;
        double weightedExponent = 0;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            float w = weight[id];
            if (w > 0) {
                weightedExponent += w * (double) exponent(candidates, id);
            }
        }
        double mean = weightedExponent / candidates.totalWeight;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            distance[id] = Math.abs(exponent(candidates, id) - mean);
        }
        candidates.retain(candidates.selection.keepPrefix(ids, n, weight, closerFirst, p * candidates.totalWeight));
        candidates.sorted = false;
    }

    /** The scaled logit the candidate's weight is the exponential of. */
    private static float exponent(Candidates candidates, int id) {
        return ExpKernel.exponent(candidates.logit[id], candidates.weightShift, candidates.invTemperature);
    }
}
