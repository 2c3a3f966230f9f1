package dev.loupe.inference.reference;

import java.nio.file.Path;

/**
 * A deliberately plain Llama forward pass, written from the architecture's definition with no Jlama code and no
 * optimisation, to check faster engines against: RMSNorm, rotary embeddings, grouped-query attention with a
 * key/value cache, SwiGLU feed-forward, tied or separate classifier. Sums are accumulated in double.
 *
 * <p>Feed one token at a time with {@link #next(int)}; each call advances the position by one. Not thread-safe.
 */
public final class NaiveLlama {
    private final LlamaWeights w;
    private final LlamaWeights.Config c;
    private final float[][][] keys; // [layer][position][kvDim]
    private final float[][][] values; // [layer][position][kvDim]
    private int position;
    private float[][] lastResiduals;   // [layer 0..L][dim] residual stream of the last fed token after each layer
    private float[][][] lastAttention; // [layer][head][0..position] attention weights of the last fed token

    public NaiveLlama(LlamaWeights weights) {
        this.w = weights;
        this.c = weights.config();
        this.keys = new float[c.layers()][c.contextLength()][];
        this.values = new float[c.layers()][c.contextLength()][];
    }

    /** Loads a Hugging Face Llama folder with F32 {@code model.safetensors} (see {@link LlamaWeights#fromHuggingFace}). */
    public static NaiveLlama load(Path modelDir) {
        return new NaiveLlama(LlamaWeights.fromHuggingFace(modelDir));
    }

    public LlamaWeights.Config config() {
        return c;
    }

    /** Number of tokens fed since the last reset: the position the next token will take. */
    public int position() {
        return position;
    }

    /** Forgets every token fed so far. */
    public void reset() {
        position = 0;
    }

    /** Forgets the tokens from {@code newPosition} on, so the next token goes there. */
    public void rewind(int newPosition) {
        if (newPosition < 0 || newPosition > position) {
            throw new IllegalArgumentException("cannot rewind from " + position + " to " + newPosition);
        }
        position = newPosition;
    }

    /**
     * The residual stream of the last fed token after each layer: index 0 is its embedding, the last the final
     * residual (before the final norm).
     *
     * @return [layers + 1][dim]
     */
    public float[][] lastResiduals() {
        return lastResiduals;
    }

    /** The final residual of the last fed token, before the final norm. */
    public float[] lastResidual() {
        return lastResiduals[c.layers()];
    }

    /**
     * The attention weights of the last fed token.
     *
     * @return [layer][head][key position 0..its position]
     */
    public float[][][] lastAttention() {
        return lastAttention;
    }

    /** Logits of the final norm and classifier applied to {@code residual}: the logit lens at any layer. */
    public float[] logitsOf(float[] residual) {
        return matmul(w.classifier(), rmsNorm(residual, w.finalNorm()), c.vocabSize());
    }

    /**
     * Feeds {@code token} at the current position and returns the probabilities of the next token.
     *
     * @return [vocab] probabilities, summing to 1
     */
    public float[] next(int token) {
        return softmax(nextLogits(token));
    }

    /** Like {@link #next(int)} but returns the raw classifier outputs. */
    public float[] nextLogits(int token) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + c.vocabSize());
        }
        if (position >= c.contextLength()) {
            throw new IllegalStateException("the context of " + c.contextLength() + " positions is full");
        }
        int dim = c.dim();
        int headSize = c.headSize();
        int groupSize = c.heads() / c.kvHeads();
        float[] x = new float[dim];
        System.arraycopy(w.tokenEmbedding(), token * dim, x, 0, dim);
        float[][] residuals = new float[c.layers() + 1][];
        float[][][] attention = new float[c.layers()][c.heads()][position + 1];
        residuals[0] = x.clone();

        for (int l = 0; l < c.layers(); l++) {
            float[] xb = rmsNorm(x, w.attentionNorm()[l]);
            float[] q = matmul(w.wq()[l], xb, dim);
            float[] k = matmul(w.wk()[l], xb, c.kvDim());
            float[] v = matmul(w.wv()[l], xb, c.kvDim());
            rotate(q, c.heads());
            rotate(k, c.kvHeads());
            keys[l][position] = k;
            values[l][position] = v;

            float[] attended = new float[dim];
            for (int h = 0; h < c.heads(); h++) {
                int qOffset = h * headSize;
                int kvOffset = (h / groupSize) * headSize;
                double[] scores = new double[position + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t <= position; t++) {
                    double dot = 0;
                    for (int i = 0; i < headSize; i++) {
                        dot += (double) q[qOffset + i] * keys[l][t][kvOffset + i];
                    }
                    scores[t] = dot / Math.sqrt(headSize);
                    max = Math.max(max, scores[t]);
                }
                double sum = 0;
                for (int t = 0; t <= position; t++) {
                    scores[t] = Math.exp(scores[t] - max);
                    sum += scores[t];
                }
                for (int i = 0; i < headSize; i++) {
                    double acc = 0;
                    for (int t = 0; t <= position; t++) {
                        acc += scores[t] / sum * values[l][t][kvOffset + i];
                    }
                    attended[qOffset + i] = (float) acc;
                }
                for (int t = 0; t <= position; t++) {
                    attention[l][h][t] = (float) (scores[t] / sum);
                }
            }
            add(x, matmul(w.wo()[l], attended, dim));

            xb = rmsNorm(x, w.ffnNorm()[l]);
            float[] gate = matmul(w.w1()[l], xb, c.hiddenDim());
            float[] up = matmul(w.w3()[l], xb, c.hiddenDim());
            float[] hidden = new float[c.hiddenDim()];
            for (int i = 0; i < hidden.length; i++) {
                double g = gate[i];
                hidden[i] = (float) (g / (1 + Math.exp(-g)) * up[i]); // SiLU(gate) * up
            }
            add(x, matmul(w.w2()[l], hidden, dim));
            residuals[l + 1] = x.clone();
        }
        lastResiduals = residuals;
        lastAttention = attention;
        position++;
        return matmul(w.classifier(), rmsNorm(x, w.finalNorm()), c.vocabSize());
    }

    /** Probabilities from logits, computed in double and normalised. */
    public static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] e = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /** Index of the largest value; the lowest index among equals. */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private float[] rmsNorm(float[] x, float[] weight) {
        double ss = 0;
        for (float v : x) {
            ss += (double) v * v;
        }
        double scale = 1.0 / Math.sqrt(ss / x.length + c.rmsNormEps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (weight[i] * (x[i] * scale));
        }
        return out;
    }

    /** out[r] = sum_j m[r * in + j] * x[j] for a row-major [rows, in] matrix. */
    private static float[] matmul(float[] m, float[] x, int rows) {
        int in = x.length;
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            for (int j = 0; j < in; j++) {
                acc += (double) m[r * in + j] * x[j];
            }
            out[r] = (float) acc;
        }
        return out;
    }

    /** Rotates each head's pairs by position * theta^(-2i/headSize), pairing dimensions as the layout says. */
    private void rotate(float[] vector, int heads) {
        int headSize = c.headSize();
        int half = headSize / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                double angle = position * Math.pow(c.ropeTheta(), -2.0 * i / headSize);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                int a = h * headSize + (w.rope() == LlamaWeights.RopeLayout.HALVES ? i : 2 * i);
                int b = h * headSize + (w.rope() == LlamaWeights.RopeLayout.HALVES ? i + half : 2 * i + 1);
                double va = vector[a];
                double vb = vector[b];
                vector[a] = (float) (va * cos - vb * sin);
                vector[b] = (float) (va * sin + vb * cos);
            }
        }
    }

    private static void add(float[] x, float[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
