package dev.loupe.inference.sampling;

/**
 * Exponentials over a whole logit vector: the only per-token work of sampling and statistics that grows with the
 * vocabulary size. Every exponent is {@code d = max(-200, (logit - shift) * scale)} in float; the clamp changes
 * no weight but keeps {@code exp(d) * d} at 0 for minus-infinite logits.
 *
 * <p>Results are bit-for-bit the same in both implementations, in the interpreter and in compiled code, on every
 * machine: the exponential is our own ({@link #exp(float)}: only IEEE additions, multiplications and fused
 * multiply-adds, which Java rounds exactly), and sums are formed in one fixed order: within a block of
 * {@value #BLOCK} values, lane {@code j} of {@value #LANES} adds up values {@code j, j + 8, ...} in float, then the
 * lanes are added in order to a double. {@link Math#exp} and the Vector API's own {@code EXP} do not promise
 * that (the latter differs between interpreted and compiled code), and a seeded run must draw the same tokens
 * in every process.
 *
 * <p>Instances hold an 8-float scratch buffer: one per owner, not thread-safe.
 */
abstract sealed class ExpKernel permits ScalarExpKernel, VectorExpKernel {
    /** Exponents are clamped to at least this; its exponential is 0 in float. */
    static final float FLOOR = -200f;
    static final int LANES = 8;
    static final int BLOCK = 8 * LANES;

    /** Below this the result would be a float subnormal; it is flushed to 0 (relative weight under 1e-37). */
    static final float UNDERFLOW = -87.3f;
    static final float OVERFLOW = 88f;
    static final float LOG2_E = (float) (1 / Math.log(2));
    static final float LN2_HI = (float) Math.log(2);
    static final float LN2_LO = (float) (Math.log(2) - LN2_HI);
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    // Taylor coefficients 1/k! for k = 2..7: on |r| <= ln2/2 the truncation error is below 1e-8 relative.
    static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** The fastest kernel this JVM can run: the Vector API one when its module is in the boot layer. */
    static ExpKernel create() {
        return VECTOR_MODULE ? new VectorExpKernel() : new ScalarExpKernel();
    }

    /**
     * Writes {@code weights[i] = exp(d(logits[i]))} for {@code i < n} and returns their sum. Nothing else is
     * mutated; a NaN logit makes the sum NaN.
     */
    abstract double weigh(float[] logits, int n, float shift, float scale, float[] weights);

    /**
     * Stores {@code sums[0] = Σ exp(d)} and {@code sums[1] = Σ exp(d)·d} over {@code i < n} with {@code scale = 1}:
     * the log-sum-exp and the entropy of the softmax in one pass.
     */
    abstract void sums(float[] logits, int n, float shift, double[] sums);

    /** The largest of {@code values[0, n)}; NaN if any is NaN. Exact whatever the order of comparisons. */
    abstract float max(float[] values, int n);

    static float exponent(float logit, float shift, float scale) {
        return Math.max(FLOOR, (logit - shift) * scale);
    }

    /**
     * e^x within about 1 ulp for x in [-87.3, 88]; 0 below (no subnormals), e^88 above, NaN for NaN.
     * Range reduction x = n·ln2 + r with |r| <= ln2/2, then a degree-7 polynomial for e^r, then scaling by 2^n.
     */
    static float exp(float x) {
        if (x < UNDERFLOW) {
            return 0f;
        }
        float clamped = Math.min(x, OVERFLOW);
        float shifted = clamped * LOG2_E + ROUNDER;
        float n = shifted - ROUNDER;
        float r = Math.fma(n, -LN2_HI, clamped);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int twoToN = (Float.floatToRawIntBits(shifted) - ROUNDER_BITS + 127) << 23;
        return p * Float.intBitsToFloat(twoToN);
    }

    /** Adds the values of a tail shorter than a block straight to the double sums; shared so both kernels agree. */
    static double weighTail(float[] logits, int from, int n, float shift, float scale, float[] weights, double sum) {
        for (int i = from; i < n; i++) {
            float w = exp(exponent(logits[i], shift, scale));
            weights[i] = w;
            sum += w;
        }
        return sum;
    }

    /** Like {@link #weighTail} for {@link #sums}: adds to {@code sums[0]} and {@code sums[1]}. */
    static void sumTail(float[] logits, int from, int n, float shift, double[] sums) {
        for (int i = from; i < n; i++) {
            float d = exponent(logits[i], shift, 1f);
            float e = exp(d);
            sums[0] += e;
            sums[1] += e * d;
        }
    }
}
