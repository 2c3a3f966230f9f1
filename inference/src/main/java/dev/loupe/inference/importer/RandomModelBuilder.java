package dev.loupe.inference.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.jlama.JlamaQuantizer;
import dev.loupe.inference.model.ModelFolders;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a Llama-family model with random weights in the shape of a real config, for throughput benchmarks:
 * speed does not depend on weight values. The config and tokenizer are copied from the shape folder.
 */
public final class RandomModelBuilder {
    public enum WeightType { F32, Q4 }

    /** Random values are read from a pool this large at rotating offsets: cheap to fill, distinct per tensor. */
    private static final long POOL_BYTES = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RandomModelBuilder() {}

    /** Writes the model into the new folder {@code out}; Q4 is quantized from an F32 build by Jlama's quantizer. */
    public static Path build(Path shapeDir, Path out, WeightType type, long seed) {
        try {
            if (type == WeightType.Q4) {
                Path f32 = Files.createTempDirectory("loupe-random-f32-");
                try {
                    Path staged = build(shapeDir, f32.resolve("model"), WeightType.F32, seed);
                    return JlamaQuantizer.quantizeQ4(staged, out);
                } finally {
                    ModelFolders.deleteRecursively(f32);
                }
            }
            JsonNode config = JSON.readTree(shapeDir.resolve("config.json").toFile());
            Files.createDirectories(out);
            Files.copy(shapeDir.resolve("config.json"), out.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(shapeDir.resolve("tokenizer.json"), out.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            if (Files.exists(shapeDir.resolve("tokenizer_config.json"))) {
                Files.copy(shapeDir.resolve("tokenizer_config.json"), out.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(out.resolve("README.md"), "# Random weights\n\nShape of " + shapeDir.getFileName()
                    + ", random weights written by Loupe for benchmarks. It produces noise, not text.\n");
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pool = randomPool(arena, config.path("hidden_size").asInt(), seed);
                SafetensorsWriter.write(out.resolve("model.safetensors"), pool, tensors(config), JSON);
            }
            return out;
        } catch (IOException e) {
            throw new ModelLoadException("Could not write the random model into " + out + ": " + e.getMessage(), e);
        }
    }

    /** The pool starts with {@code hidden} ones (norm weights read them) followed by small uniform noise. */
    private static MemorySegment randomPool(Arena arena, int hidden, long seed) {
        MemorySegment pool = arena.allocate(POOL_BYTES, 64);
        SplittableRandom random = new SplittableRandom(seed);
        long floats = POOL_BYTES / Float.BYTES;
        // std 0.02 like common initialisers: uniform in [-a, a] has std a / sqrt(3)
        float a = (float) (0.02 * Math.sqrt(3));
        for (long i = 0; i < floats; i++) {
            float v = i < hidden ? 1f : (float) (random.nextDouble(-a, a));
            pool.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v);
        }
        return pool;
    }

    private static List<SafetensorsWriter.TensorSpec> tensors(JsonNode c) {
        int hidden = c.path("hidden_size").asInt();
        int inter = c.path("intermediate_size").asInt();
        int heads = c.path("num_attention_heads").asInt();
        int kvHeads = c.path("num_key_value_heads").asInt(heads);
        int headDim = c.path("head_dim").asInt(hidden / heads);
        int layers = c.path("num_hidden_layers").asInt();
        int vocab = c.path("vocab_size").asInt();
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        Rotation rotation = new Rotation(hidden);
        List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
        specs.add(rotation.matrix("model.embed_tokens.weight", vocab, hidden));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            specs.add(ones(p + "input_layernorm.weight", hidden));
            specs.add(rotation.matrix(p + "self_attn.q_proj.weight", heads * headDim, hidden));
            specs.add(rotation.matrix(p + "self_attn.k_proj.weight", kvHeads * headDim, hidden));
            specs.add(rotation.matrix(p + "self_attn.v_proj.weight", kvHeads * headDim, hidden));
            specs.add(rotation.matrix(p + "self_attn.o_proj.weight", hidden, heads * headDim));
            specs.add(ones(p + "post_attention_layernorm.weight", hidden));
            specs.add(rotation.matrix(p + "mlp.gate_proj.weight", inter, hidden));
            specs.add(rotation.matrix(p + "mlp.up_proj.weight", inter, hidden));
            specs.add(rotation.matrix(p + "mlp.down_proj.weight", hidden, inter));
        }
        specs.add(ones("model.norm.weight", hidden));
        if (!tied) {
            specs.add(rotation.matrix("lm_head.weight", vocab, hidden));
        }
        return specs;
    }

    private static SafetensorsWriter.TensorSpec ones(String name, int size) {
        return SafetensorsWriter.TensorSpec.contiguous(name, new long[] {size}, 0);
    }

    /** Hands out row offsets in the noise part of the pool, moving on for every row so tensors differ. */
    private static final class Rotation {
        private final long noiseStart;
        private long next;

        Rotation(int hidden) {
            this.noiseStart = (long) hidden * Float.BYTES;
            this.next = noiseStart;
        }

        SafetensorsWriter.TensorSpec matrix(String name, int rows, int cols) {
            long rowBytes = (long) cols * Float.BYTES;
            long span = POOL_BYTES - noiseStart - rowBytes;
            long base = next;
            next = noiseStart + ((next - noiseStart + 7919L * Float.BYTES) % span);
            return new SafetensorsWriter.TensorSpec(name, new long[] {rows, cols}, cols,
                    r -> noiseStart + ((base - noiseStart + (long) r * 131 * Float.BYTES) % span));
        }
    }
}
