package dev.loupe.inference.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.math.ActivationFunction;
import com.github.tjake.jlama.safetensors.Config;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.inspect.Inspection;
import dev.loupe.inference.inspect.InspectionPass;
import dev.loupe.inference.inspect.LlamaShape;
import dev.loupe.inference.inspect.Rotary;
import dev.loupe.inference.inspect.WeightSource;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The {@link InspectionPass} wired to a Jlama model: its weights through Jlama's own weight loader (so F32, F16,
 * BF16 and Jlama's quantized folders all read the same way, dequantized to float) and the engine's rotary table
 * (Jlama 0.8.4 computes it in float with its own scaling; reading it keeps both passes on the same angles).
 * Only the plain Llama architecture is supported: no logit, embedding, residual or attention multipliers.
 *
 * <p>With quantized weights the engine also quantizes activations (to 8 bits), which this pass does not; their
 * results then differ by that rounding.
 */
final class JlamaInspection {
    private final InspectionPass pass;

    private JlamaInspection(InspectionPass pass) {
        this.pass = pass;
    }

    static JlamaInspection of(JlamaTextGenerator generator) {
        AbstractModel model = generator.model();
        Config c = model.getConfig();
        boolean plainLlama = model.getModelType() == ModelSupport.ModelType.LLAMA
                && c.logitMultiplier == null && c.embeddingMultiplier == null && c.residualMultiplier == null
                && c.attnLogitSoftCapping == null && c.finalLogitSoftCapping == null
                && c.activationFunction == ActivationFunction.Type.SILU;
        if (!plainLlama) {
            throw new LoupeException("The logit lens and attention views support Llama-architecture models only, and "
                    + generator.info().name() + " is " + generator.info().architecture() + "; load a Llama-family model to inspect it.");
        }
        float scale = c.attentionMultiplier != null ? c.attentionMultiplier : (float) (1.0 / StrictMath.sqrt(c.headSize));
        Rotary rotary = c.ropeFreqs.<Rotary>map(table -> new EngineRotary(table, c.headSize / 2))
                .orElseThrow(() -> new LoupeException("The model " + generator.info().name() + " has no rotary position table, which the inspection pass needs."));
        LlamaShape shape = new LlamaShape(c.embeddingLength, c.hiddenLength, c.numberOfLayers, c.numberOfHeads, c.numberOfKeyValueHeads,
                c.headSize, c.layerNormEps, scale, rotary);
        return new JlamaInspection(new InspectionPass(shape, new JlamaWeights(model)));
    }

    Inspection run(int[] tokenIds, boolean withAttention) {
        return pass.run(tokenIds, withAttention);
    }

    InspectionPass pass() {
        return pass;
    }

    /**
     * Jlama's table: entry {@code position * headSize/2 + pair} holds {cos, sin}. (Its attention reads the table
     * shifted by two positions per key/value head, for queries and keys alike, which leaves attention unchanged;
     * this pass reads it unshifted.)
     */
    private record EngineRotary(float[][] table, int half) implements Rotary {
        @Override
        public float cos(int position, int pair) {
            return table[position * half + pair][0];
        }

        @Override
        public float sin(int position, int pair) {
            return table[position * half + pair][1];
        }
    }

    /** Weights through the model's own loader; F32 tensors are copied in bulk, others value by value. */
    private record JlamaWeights(AbstractModel model) implements WeightSource {
        @Override
        public float[] tensor(String name) {
            AbstractTensor t = load(name);
            int n = Math.toIntExact(t.size());
            float[] out = new float[n];
            if (t.dType() == DType.F32) {
                MemorySegment.copy(t.getMemorySegment(), ValueLayout.JAVA_FLOAT, t.getMemorySegmentOffset(0), out, 0, n);
            } else if (t.dims() == 1) {
                for (int i = 0; i < n; i++) {
                    out[i] = t.get(i);
                }
            } else {
                int columns = t.shape().last();
                for (int i = 0; i < n; i++) {
                    out[i] = t.get(i / columns, i % columns);
                }
            }
            return out;
        }

        @Override
        public float[] row(String name, int row, int columns) {
            AbstractTensor t = load(name);
            float[] out = new float[columns];
            if (t.dType() == DType.F32) {
                MemorySegment.copy(t.getMemorySegment(), ValueLayout.JAVA_FLOAT, t.getMemorySegmentOffset(t.getOffset(row, 0)), out, 0, columns);
            } else {
                for (int i = 0; i < columns; i++) {
                    out[i] = t.get(row, i);
                }
            }
            return out;
        }

        private AbstractTensor load(String name) {
            if (!model.getWeights().isWeightPresent(name)) {
                throw new LoupeException("The model has no weight named " + name + ", which the inspection pass needs; it may not be a plain Llama model.");
            }
            return model.getWeights().load(name);
        }
    }
}
