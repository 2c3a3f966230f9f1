package dev.loupe.inference.inspect;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of float slices: the inner loop of the {@link InspectionPass}. On the Vector API (fused
 * multiply-adds over the preferred width) when the JVM has its module, in plain Java otherwise; both accumulate
 * in float.
 */
final class Dot {
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Dot() {}

    static float of(float[] a, int aOffset, float[] b, int bOffset, int n) {
        return VECTOR ? Vectorised.dot(a, aOffset, b, bOffset, n) : scalar(a, aOffset, b, bOffset, n);
    }

    static float scalar(float[] a, int aOffset, float[] b, int bOffset, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum = Math.fma(a[aOffset + i], b[bOffset + i], sum);
        }
        return sum;
    }

    /** Kept apart so that the Vector API's classes load only when its module is present. */
    private static final class Vectorised {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
            int bound = SPECIES.loopBound(n);
            var acc = FloatVector.zero(SPECIES);
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                acc = FloatVector.fromArray(SPECIES, a, aOffset + i).fma(FloatVector.fromArray(SPECIES, b, bOffset + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                sum = Math.fma(a[aOffset + i], b[bOffset + i], sum);
            }
            return sum;
        }
    }
}
