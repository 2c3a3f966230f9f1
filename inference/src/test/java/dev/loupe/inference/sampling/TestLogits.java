package dev.loupe.inference.sampling;

import java.util.SplittableRandom;

/** Random logit vectors of the shapes the property tests need. */
final class TestLogits {
    private TestLogits() {
    }

    /** A few tokens far above a broad base: what a trained model usually produces. */
    static float[] peaked(int n, SplittableRandom random) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (random.nextGaussian() * 2);
        }
        for (int i = 0; i < Math.min(n, 5); i++) {
            z[random.nextInt(n)] += 8 + random.nextFloat() * 7;
        }
        return z;
    }

    /** Narrow noise: close to uniform, the worst case for nucleus sizes (random-weight models look like this). */
    static float[] flat(int n, SplittableRandom random) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (random.nextGaussian() * 0.5);
        }
        return z;
    }

    /** Few distinct values, so many exact ties, plus some masked (minus infinity) tokens. */
    static float[] ties(int n, SplittableRandom random) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextInt(-3, 4);
        }
        for (int i = 0; i < n / 10; i++) {
            z[random.nextInt(n)] = Float.NEGATIVE_INFINITY;
        }
        if (n > 1 && z[0] == Float.NEGATIVE_INFINITY) {
            z[0] = 0;
        }
        return z;
    }

    static int[] history(int n, int length, SplittableRandom random) {
        int[] h = new int[length];
        for (int i = 0; i < length; i++) {
            // Skewed towards low ids so that tokens repeat.
            h[i] = random.nextInt(Math.min(n, 1 + random.nextInt(Math.max(1, n))));
        }
        return h;
    }
}
