package dev.loupe.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExpKernelTest {
    @Test
    void expIsWithinTwoTenthsOfAMillionthOfMathExp() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 0.000_37f * (1 + Math.abs(x))) {
            double expected = Math.exp(x);
            worst = Math.max(worst, Math.abs(ExpKernel.exp(x) - expected) / expected);
        }
        assertTrue(worst < 2e-7, "worst relative error " + worst);
        assertEquals(1f, ExpKernel.exp(0f));
    }

    @Test
    void expFlushesTinyResultsToZeroAndKeepsNaN() {
        assertEquals(0f, ExpKernel.exp(-90f));
        assertEquals(0f, ExpKernel.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(ExpKernel.exp(Float.NaN)));
        assertTrue(Float.isFinite(ExpKernel.exp(Float.POSITIVE_INFINITY)));
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the JVM runs without jdk.incubator.vector, so only the scalar kernel exists");
        var random = new SplittableRandom(12);
        for (int n : new int[] {0, 7, 64, 100, 49_152, 49_189}) {
            float[] z = TestLogits.flat(n, random);
            if (n > 5) {
                z[5] = Float.NEGATIVE_INFINITY;
                z[3] += 40;
            }
            float shift = n == 0 ? 0 : new ScalarExpKernel().max(z, n);
            float[] scalarWeights = new float[n];
            float[] vectorWeights = new float[n];
            double scalarSum = new ScalarExpKernel().weigh(z, n, shift, 1.25f, scalarWeights);
            double vectorSum = new VectorExpKernel().weigh(z, n, shift, 1.25f, vectorWeights);
            assertArrayEquals(scalarWeights, vectorWeights, "weights, n = " + n);
            assertEquals(scalarSum, vectorSum, "sum, n = " + n);
            double[] scalarSums = new double[2];
            double[] vectorSums = new double[2];
            new ScalarExpKernel().sums(z, n, shift, scalarSums);
            new VectorExpKernel().sums(z, n, shift, vectorSums);
            assertArrayEquals(scalarSums, vectorSums, "sums, n = " + n);
            if (n > 0) {
                assertEquals(shift, new VectorExpKernel().max(z, n));
            }
        }
    }

    @Test
    void kernelSumsMatchDoublePrecisionSums() {
        var random = new SplittableRandom(13);
        float[] z = TestLogits.peaked(49_152, random);
        float shift = ExpKernel.create().max(z, z.length);
        double expectedSum = 0;
        double expectedWeighted = 0;
        for (float v : z) {
            double d = v - shift;
            expectedSum += Math.exp(d);
            expectedWeighted += Math.exp(d) * d;
        }
        double[] sums = new double[2];
        ExpKernel.create().sums(z, z.length, shift, sums);
        assertEquals(expectedSum, sums[0], 1e-6 * expectedSum);
        assertEquals(expectedWeighted, sums[1], 1e-6 * Math.abs(expectedWeighted));
    }
}
