package dev.loupe.inference.sampling;

import dev.loupe.inference.TopToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What the model's own distribution says at one step, from its raw logits (temperature 1, no penalties): the
 * maximum, the log-sum-exp, the entropy, the probability of any token and the K most probable alternatives. Two
 * passes over the logits (a bounded heap for the top K and the maximum, then one exponential pass) and no
 * allocation: results live in this object's buffers until the next {@link #compute}.
 *
 * <p>Entropy uses H = logZ - Σ p·z, so no logarithm per token; log-probabilities are z - logZ, finite even where
 * the probability underflows to 0. Sums are in double over float exponentials (about 7 significant digits).
 *
 * <p>Not thread-safe; one per inference thread, reused for every token.
 */
public final class LogitStatistics {
    private final int vocabSize;
    private final int topCount;
    private final int[] heap;    // [max(1, topCount)]
    private final int[] best;    // [max(1, topCount)] most probable first; the first topCount are the alternatives
    private final double[] sums = new double[2];
    private final ExpKernel kernel = ExpKernel.create();
    private final float[] logits; // [vocab] copy of the last computed row, so masking the caller's array later is safe
    private float maxLogit;
    private double logSumExp;
    private double entropy;

    /**
     * @param vocabSize number of logits per token
     * @param topCount how many alternatives {@link #topId} ranks (0 for none; 20 is the most the UI shows)
     */
    public LogitStatistics(int vocabSize, int topCount) {
        if (vocabSize < 1 || topCount < 0 || topCount > vocabSize) {
            throw new IllegalArgumentException("need vocabSize >= 1 and 0 <= topCount <= vocabSize, got " + vocabSize + ", " + topCount);
        }
        this.vocabSize = vocabSize;
        this.topCount = topCount;
        this.heap = new int[Math.max(1, topCount)];
        this.best = new int[Math.max(1, topCount)];
        this.logits = new float[vocabSize];
    }

    /**
     * Computes everything for one row of logits. {@code logits} is only read, and copied (about 5 µs for 49,152),
     * so the caller may mask or overwrite it afterwards, say for an output constraint, and still ask
     * {@link #probability(int)} about the token the sampler then picks.
     *
     * @param logits [vocab] raw logits; minus infinity is allowed for masked tokens
     * @throws IllegalArgumentException on a wrong length, NaN, plus infinity, or every logit minus infinity
     */
    public void compute(float[] logits) {
        Objects.requireNonNull(logits, "logits");
        if (logits.length != vocabSize) {
            throw new IllegalArgumentException("expected " + vocabSize + " logits, got " + logits.length);
        }
        int found = TopSelection.select(logits, null, vocabSize, best.length, heap, best);
        float max = logits[best[0]];
        if (found == 0 || !Float.isFinite(max)) {
            throw new IllegalArgumentException("logits need a finite maximum, got " + max);
        }
        kernel.sums(logits, vocabSize, max, sums);
        if (!Double.isFinite(sums[0]) || !Double.isFinite(sums[1])) {
            throw new IllegalArgumentException("the logits contain NaN");
        }
        double logSum = Math.log(sums[0]);
        System.arraycopy(logits, 0, this.logits, 0, vocabSize);
        this.maxLogit = max;
        this.logSumExp = max + logSum;
        this.entropy = Math.max(0, logSum - sums[1] / sums[0]);
    }

    /** The largest logit. */
    public float maxLogit() {
        return maxLogit;
    }

    /** ln Σ exp(z): the log of the softmax's normaliser. */
    public double logSumExp() {
        return logSumExp;
    }

    /** Entropy of the softmax of the raw logits, in nats. */
    public double entropy() {
        return entropy;
    }

    /** Natural log of the probability of {@code id}: z - logSumExp, finite for finite logits. */
    public double logProbability(int id) {
        return logits[id] - logSumExp;
    }

    /** Probability of {@code id} under the raw softmax. */
    public double probability(int id) {
        return Math.exp(logProbability(id));
    }

    /** How many alternatives are ranked. */
    public int topCount() {
        return topCount;
    }

    /** Id of the alternative at {@code rank} (0 = most probable; ties: lower id first). */
    public int topId(int rank) {
        Objects.checkIndex(rank, topCount);
        return best[rank];
    }

    /** Probability of the alternative at {@code rank}. */
    public double topProbability(int rank) {
        return probability(topId(rank));
    }

    /**
     * The {@code count} most probable alternatives as the events and scores show them, most probable first, each
     * named by {@code text} (the generator's token text).
     *
     * @param count 0 to {@link #topCount()}
     */
    public List<TopToken> topTokens(int count, IntFunction<String> text) {
        List<TopToken> top = new ArrayList<>(count);
        for (int rank = 0; rank < count; rank++) {
            int id = topId(rank);
            top.add(new TopToken(id, text.apply(id), (float) probability(id)));
        }
        return top;
    }
}
