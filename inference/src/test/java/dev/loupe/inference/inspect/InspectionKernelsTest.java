package dev.loupe.inference.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The inspection pass's optimised inner loops against plain double-precision ones. */
class InspectionKernelsTest {
    @Test
    void vectorDotAgreesWithAPlainDoubleSumAtEveryLengthAndOffset() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 200; n++) {
            float[] a = randomArray(random, n + 7);
            float[] b = randomArray(random, n + 5);
            for (int offset : new int[] {0, 3, 7}) {
                int bOffset = Math.min(offset, 5);
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += (double) a[offset + i] * b[bOffset + i];
                }
                assertEquals(expected, Dot.of(a, offset, b, bOffset, n), 1e-5 * Math.max(1, Math.sqrt(n)), "length " + n + " offset " + offset);
                assertEquals(expected, Dot.scalar(a, offset, b, bOffset, n), 1e-5 * Math.max(1, Math.sqrt(n)));
            }
        }
    }

    @Test
    void matmulComputesEveryRowForEveryPosition() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 37;
        int in = 29;
        float[] w = randomArray(random, rows * in);
        float[][] x = new float[4][];
        for (int t = 0; t < x.length; t++) {
            x[t] = randomArray(random, in);
        }
        float[][] out = InspectionPass.matmul(x, w, rows);
        for (int t = 0; t < x.length; t++) {
            for (int r = 0; r < rows; r++) {
                double expected = 0;
                for (int j = 0; j < in; j++) {
                    expected += (double) w[r * in + j] * x[t][j];
                }
                assertEquals(expected, out[t][r], 1e-5, "row " + r + " position " + t);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> InspectionPass.matmul(x, new float[rows * in - 1], rows));
    }

    @Test
    void standardRotaryTurnsPairsByPositionTimesFrequency() {
        Rotary rotary = Rotary.standard(10000, 8);
        assertEquals(1f, rotary.cos(0, 3));
        assertEquals((float) Math.cos(5 * Math.pow(10000, -2.0 * 2 / 8)), rotary.cos(5, 2));
        assertEquals((float) Math.sin(5), rotary.sin(5, 0));
    }

    private static float[] randomArray(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        return a;
    }
}
