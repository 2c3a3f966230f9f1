package dev.loupe.inference.sampling;

/**
 * The reusable working set of one sampling step: the token ids still in play and, per token id, the penalised
 * logit and its weight (unnormalised probability). One instance per {@link SamplerChain}; every array is
 * allocated once for the vocabulary, so a step allocates nothing. Not thread-safe.
 *
 * <p>The canonical order of candidates is by logit, highest first, ties by lower id; it is the order of
 * probabilities too, and the draw walks it. Temperature is kept as a factor and only applied where weights are
 * computed: it changes no ranking.
 */
final class Candidates {
    static final String NOTHING_LEFT = "every token is banned (minus-infinite logit), so there is nothing left to sample; remove some negative logit biases or loosen the output constraint";

    final int vocabSize;
    final float[] logit;  // [vocab] working logits by token id (penalties and bias applied, temperature not)
    final float[] weight; // [vocab] by token id: exp((logit - weightShift) * invTemperature), see ensureWeights
    final int[] ids;      // [vocab] candidate ids at positions [0, size)
    final int[] scratch;  // [vocab] free for a step's own bookkeeping (the top-k heap)
    int size;
    /** ids[i] == i for every position: nothing has been filtered since {@link #reset}. */
    boolean dense;
    /** Positions [0, size) are in canonical order. */
    boolean sorted;
    float invTemperature;

    /** Weights of all candidates are current; {@link #totalWeight} and {@link #maxWeight} hold their sum and max. */
    boolean weightsValid;
    float weightShift;
    double totalWeight;
    float maxWeight;

    private final ExpKernel kernel = ExpKernel.create();
    final MassSelection selection;
    /** The canonical order; its buckets count 1/64 nats below the maximum, so they need current weights. */
    final CandidateOrder canonical = new CandidateOrder() {
        @Override
        public boolean precedes(int a, int b) {
            return Candidates.this.precedes(a, b);
        }

        @Override
        public void buckets(int[] candidateIds, int n, int[] buckets) {
            float shift = weightShift;
            float scale = invTemperature;
            for (int i = 0; i < n; i++) {
                buckets[i] = MassSelection.bucketOf((shift - logit[candidateIds[i]]) * scale);
            }
        }
    };

    Candidates(int vocabSize) {
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabulary size must be positive, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
        this.logit = new float[vocabSize];
        this.weight = new float[vocabSize];
        this.ids = new int[vocabSize];
        this.scratch = new int[vocabSize];
        this.selection = new MassSelection(vocabSize);
        this.dense = false;
    }

    /** Starts a step: every token is a candidate with the given logits (copied, never modified). */
    void reset(float[] logits) {
        if (logits.length != vocabSize) {
            throw new IllegalArgumentException("expected " + vocabSize + " logits, got " + logits.length);
        }
        System.arraycopy(logits, 0, logit, 0, vocabSize);
        if (!dense) {
            for (int i = 0; i < vocabSize; i++) {
                ids[i] = i;
            }
        }
        size = vocabSize;
        dense = true;
        sorted = false;
        invTemperature = 1f;
        weightsValid = false;
    }

    /** Canonical order: higher logit first, ties by lower id. */
    boolean precedes(int a, int b) {
        float la = logit[a];
        float lb = logit[b];
        return la > lb || (la == lb && a < b);
    }

    /** A step changed logits: weights and order must be recomputed. */
    void logitsChanged() {
        weightsValid = false;
        sorted = false;
    }

    /** Divides every logit by {@code temperature} (kept as a factor: ranking does not change). */
    void divideByTemperature(double temperature) {
        // Clamped so that 0 * invTemperature stays 0 for absurdly small temperatures.
        invTemperature = (float) Math.min(Float.MAX_VALUE, invTemperature / temperature);
        weightsValid = false;
    }

    /** The first candidate in canonical order, without sorting. */
    int best() {
        if (sorted) {
            return ids[0];
        }
        if (dense) {
            return denseBest();
        }
        int best = ids[0];
        float bestLogit = logit[best];
        for (int i = 1; i < size; i++) {
            int id = ids[i];
            float z = logit[id];
            if (z > bestLogit || (z == bestLogit && id < best)) {
                best = id;
                bestLogit = z;
            }
        }
        return best;
    }

    private int denseBest() {
        float max = kernel.max(logit, vocabSize);
        for (int id = 0; id < vocabSize; id++) {
            if (logit[id] == max) {
                return id;
            }
        }
        return 0; // only NaN logits: no maximum; ensureWeights reports them
    }

    /**
     * Makes {@link #weight} current for every candidate: {@code exp((logit - max) * invTemperature)}, so the
     * most probable candidate weighs exactly 1.
     *
     * @throws InvalidSettingsException when every candidate's logit is minus infinity (banned by logit bias or
     *     masked by an output constraint)
     * @throws IllegalArgumentException when the logits contain NaN or plus infinity
     */
    void ensureWeights() {
        if (weightsValid) {
            return;
        }
        float max = logit[best()];
        if (max == Float.NEGATIVE_INFINITY) {
            throw new InvalidSettingsException(NOTHING_LEFT);
        }
        if (max == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("the logits contain plus infinity");
        }
        double total;
        if (dense) {
            total = kernel.weigh(logit, vocabSize, max, invTemperature, weight);
        } else {
            total = 0;
            for (int i = 0; i < size; i++) {
                int id = ids[i];
                float w = ExpKernel.exp(ExpKernel.exponent(logit[id], max, invTemperature));
                weight[id] = w;
                total += w;
            }
        }
        if (Double.isNaN(total)) {
            throw new IllegalArgumentException("the logits contain NaN");
        }
        weightShift = max;
        totalWeight = total;
        maxWeight = 1f;
        weightsValid = true;
    }

    /**
     * Keeps the candidates at positions [0, newSize) and drops the rest; sums of weights are recomputed over
     * what is kept. The caller may have permuted the ids, so they no longer count as dense; the sorted flag stays
     * as it is (a prefix of a sorted run is sorted).
     */
    void retain(int newSize) {
        if (newSize < 1 || newSize > size) {
            throw new IllegalStateException("a filter must keep between 1 and " + size + " candidates, kept " + newSize);
        }
        dense = false;
        if (newSize == size) {
            return;
        }
        size = newSize;
        if (weightsValid) {
            double total = 0;
            float max = 0;
            for (int i = 0; i < newSize; i++) {
                float w = weight[ids[i]];
                total += w;
                max = Math.max(max, w);
            }
            totalWeight = total;
            maxWeight = max;
        }
    }

    /**
     * The token a draw {@code u} in [0, 1) selects: the first candidate in canonical order at which the
     * cumulative weight exceeds {@code u} times the total. Candidates of weight 0 are never chosen.
     */
    int draw(double u) {
        ensureWeights();
        double target = u * totalWeight;
        int chosen = -1;
        if (sorted) {
            double cumulative = 0;
            for (int i = 0; i < size; i++) {
                cumulative += weight[ids[i]];
                if (cumulative > target) {
                    chosen = ids[i];
                    break;
                }
            }
        } else {
            chosen = selection.firstAbove(ids, size, weight, canonical, target);
        }
        return chosen >= 0 ? chosen : lastWithWeight();
    }

    /** The canonically last candidate of positive weight: the draw's answer when rounding leaves u above every sum. */
    private int lastWithWeight() {
        int last = -1;
        for (int i = 0; i < size; i++) {
            int id = ids[i];
            if (weight[id] > 0 && (last < 0 || precedes(last, id))) {
                last = id;
            }
        }
        return last;
    }
}
