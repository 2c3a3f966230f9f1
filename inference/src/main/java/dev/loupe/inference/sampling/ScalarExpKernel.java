package dev.loupe.inference.sampling;

import java.util.Arrays;

/** {@link ExpKernel} in plain Java: the fallback when the Vector API module is absent, and its reference. */
final class ScalarExpKernel extends ExpKernel {
    private final float[] lanes = new float[LANES];
    private final float[] weightedLanes = new float[LANES];

    @Override
    double weigh(float[] logits, int n, float shift, float scale, float[] weights) {
        int blockEnd = n - n % BLOCK;
        double sum = 0;
        for (int start = 0; start < blockEnd; start += BLOCK) {
            Arrays.fill(lanes, 0f);
            for (int i = start; i < start + BLOCK; i++) {
                float w = exp(exponent(logits[i], shift, scale));
                weights[i] = w;
                lanes[i % LANES] += w;
            }
            for (float lane : lanes) {
                sum += lane;
            }
        }
        return weighTail(logits, blockEnd, n, shift, scale, weights, sum);
    }

    @Override
    float max(float[] values, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    @Override
    void sums(float[] logits, int n, float shift, double[] sums) {
        int blockEnd = n - n % BLOCK;
        sums[0] = 0;
        sums[1] = 0;
        for (int start = 0; start < blockEnd; start += BLOCK) {
            Arrays.fill(lanes, 0f);
            Arrays.fill(weightedLanes, 0f);
            for (int i = start; i < start + BLOCK; i++) {
                float d = exponent(logits[i], shift, 1f);
                float e = exp(d);
                lanes[i % LANES] += e;
                weightedLanes[i % LANES] += e * d;
            }
            for (int lane = 0; lane < LANES; lane++) {
                sums[0] += lanes[lane];
                sums[1] += weightedLanes[lane];
            }
        }
        sumTail(logits, blockEnd, n, shift, sums);
    }
}
