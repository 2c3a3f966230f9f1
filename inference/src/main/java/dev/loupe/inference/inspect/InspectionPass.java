package dev.loupe.inference.inspect;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Loupe's own forward pass of a Llama-architecture model, written to be looked into: it keeps the residual stream
 * after every layer and, when asked, every attention weight, which Jlama 0.8.4's public API does not expose. It
 * reads the same weights as the engine (through a {@link WeightSource}) and the engine's rotary table, and the
 * tests prove that its final residual stream and the probabilities drawn from it agree with the engine's within
 * 1e-4.
 *
 * <p>The whole sequence is processed at once, layer by layer, one layer's weights in memory at a time. Matrix
 * products run in float with fused multiply-adds, spread over the common fork-join pool by output rows; softmax
 * and norms accumulate in double. Cost: about {@code 2 * parameters * tokens} floating-point operations plus
 * {@code tokens^2 * heads * headSize * layers} for attention. Stateless between calls; thread-safe if the weight
 * source is.
 */
public final class InspectionPass {
    private final LlamaShape shape;
    private final WeightSource weights;

    public InspectionPass(LlamaShape shape, WeightSource weights) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    public LlamaShape shape() {
        return shape;
    }

    /**
     * Runs {@code tokenIds} from position 0.
     *
     * @param withAttention whether to keep the attention weights ({@code layers * heads * tokens^2 / 2} floats)
     */
    public Inspection run(int[] tokenIds, boolean withAttention) {
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("nothing to inspect: no tokens");
        }
        int n = tokenIds.length;
        int dim = shape.dim();
        float[][][] residual = new float[shape.layers() + 1][][];
        float[][][][] attention = withAttention ? new float[shape.layers()][][][] : null;

        float[][] x = new float[n][];
        for (int t = 0; t < n; t++) {
            x[t] = weights.row("model.embed_tokens.weight", tokenIds[t], dim);
        }
        residual[0] = copy(x);
        for (int layer = 0; layer < shape.layers(); layer++) {
            String p = "model.layers." + layer + ".";
            float[][] normed = rmsNorm(x, weights.tensor(p + "input_layernorm.weight"));
            float[][] q = matmul(normed, weights.tensor(p + "self_attn.q_proj.weight"), shape.queryDim());
            float[][] k = matmul(normed, weights.tensor(p + "self_attn.k_proj.weight"), shape.kvDim());
            float[][] v = matmul(normed, weights.tensor(p + "self_attn.v_proj.weight"), shape.kvDim());
            for (int t = 0; t < n; t++) {
                rotate(q[t], shape.heads(), t);
                rotate(k[t], shape.kvHeads(), t);
            }
            float[][][] weightsOfLayer = withAttention ? new float[shape.heads()][n][] : null;
            float[][] attended = attend(q, k, v, weightsOfLayer);
            if (withAttention) {
                attention[layer] = weightsOfLayer;
            }
            add(x, matmul(attended, weights.tensor(p + "self_attn.o_proj.weight"), dim));

            normed = rmsNorm(x, weights.tensor(p + "post_attention_layernorm.weight"));
            float[][] gate = matmul(normed, weights.tensor(p + "mlp.gate_proj.weight"), shape.hiddenDim());
            float[][] up = matmul(normed, weights.tensor(p + "mlp.up_proj.weight"), shape.hiddenDim());
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < shape.hiddenDim(); i++) {
                    double g = gate[t][i];
                    gate[t][i] = (float) (g / (1 + Math.exp(-g)) * up[t][i]); // SiLU(gate) * up
                }
            }
            add(x, matmul(gate, weights.tensor(p + "mlp.down_proj.weight"), dim));
            residual[layer + 1] = copy(x);
        }
        return new Inspection(tokenIds, residual, attention);
    }

    /** Causal grouped-query attention for every position; fills {@code kept[head][query]} when not null. */
    private float[][] attend(float[][] q, float[][] k, float[][] v, float[][][] kept) {
        int n = q.length;
        int headSize = shape.headSize();
        int group = shape.heads() / shape.kvHeads();
        float[][] out = new float[n][shape.queryDim()];
        IntStream.range(0, shape.heads() * n).parallel().forEach(job -> {
            int h = job / n;
            int t = job % n;
            int qOffset = h * headSize;
            int kvOffset = (h / group) * headSize;
            double[] score = new double[t + 1];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s <= t; s++) {
                score[s] = Dot.of(q[t], qOffset, k[s], kvOffset, headSize) * shape.attentionScale();
                max = Math.max(max, score[s]);
            }
            double sum = 0;
            for (int s = 0; s <= t; s++) {
                score[s] = Math.exp(score[s] - max);
                sum += score[s];
            }
            float[] weight = new float[t + 1];
            for (int s = 0; s <= t; s++) {
                weight[s] = (float) (score[s] / sum);
            }
            for (int i = 0; i < headSize; i++) {
                double acc = 0;
                for (int s = 0; s <= t; s++) {
                    acc += score[s] / sum * v[s][kvOffset + i];
                }
                out[t][qOffset + i] = (float) acc;
            }
            if (kept != null) {
                kept[h][t] = weight;
            }
        });
        return out;
    }

    /** Rotates each head's pairs {@code (i, i + headSize/2)} by the angle of {@code position}. */
    private void rotate(float[] vector, int heads, int position) {
        int headSize = shape.headSize();
        int half = headSize / 2;
        Rotary rotary = shape.rotary();
        for (int h = 0; h < heads; h++) {
            int base = h * headSize;
            for (int i = 0; i < half; i++) {
                float cos = rotary.cos(position, i);
                float sin = rotary.sin(position, i);
                float a = vector[base + i];
                float b = vector[base + i + half];
                vector[base + i] = a * cos - b * sin;
                vector[base + i + half] = a * sin + b * cos;
            }
        }
    }

    private float[][] rmsNorm(float[][] x, float[] weight) {
        float[][] out = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            float[] row = x[t];
            double ss = 0;
            for (float value : row) {
                ss += (double) value * value;
            }
            double scale = 1.0 / Math.sqrt(ss / row.length + shape.rmsNormEps());
            float[] normed = new float[row.length];
            for (int i = 0; i < row.length; i++) {
                normed[i] = (float) (weight[i] * (row[i] * scale));
            }
            out[t] = normed;
        }
        return out;
    }

    /** {@code out[t][r] = Σ_j w[r * in + j] * x[t][j]} for a row-major {@code [rows, in]} matrix. */
    static float[][] matmul(float[][] x, float[] w, int rows) {
        int n = x.length;
        int in = x[0].length;
        if (w.length != (long) rows * in) {
            throw new IllegalArgumentException("a [" + rows + ", " + in + "] matrix needs " + (long) rows * in + " values, got " + w.length);
        }
        float[][] out = new float[n][rows];
        int block = 16;
        IntStream.range(0, (rows + block - 1) / block).parallel().forEach(b -> {
            int end = Math.min(rows, (b + 1) * block);
            for (int r = b * block; r < end; r++) {
                for (int t = 0; t < n; t++) {
                    out[t][r] = Dot.of(w, r * in, x[t], 0, in);
                }
            }
        });
        return out;
    }

    private static void add(float[][] x, float[][] delta) {
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] += delta[t][i];
            }
        }
    }

    private static float[][] copy(float[][] x) {
        float[][] c = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            c[t] = x[t].clone();
        }
        return c;
    }
}
