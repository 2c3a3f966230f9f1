package dev.loupe.inference.sampling;

import java.util.random.RandomGenerator;

/** Hands out given numbers from {@code nextDouble()} and counts the calls; any other use fails the test. */
final class FixedRandom implements RandomGenerator {
    private final double[] values;
    private int calls;

    FixedRandom(double... values) {
        this.values = values;
    }

    @Override
    public double nextDouble() {
        return values[calls++ % values.length];
    }

    @Override
    public long nextLong() {
        throw new AssertionError("the sampler must only call nextDouble()");
    }

    int calls() {
        return calls;
    }
}
