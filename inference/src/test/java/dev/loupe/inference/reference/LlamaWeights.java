package dev.loupe.inference.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Every weight of a Llama model as plain float arrays, read without Jlama, for {@link NaiveLlama}. Matrices are
 * row-major {@code [out][in]} flattened, like a PyTorch {@code Linear} weight.
 *
 * @param config the shape and constants
 * @param rope which pairs of a head's dimensions rotate together
 * @param tokenEmbedding [vocab * dim]
 * @param attentionNorm [layer][dim]
 * @param wq [layer][dim * dim]
 * @param wk [layer][kvDim * dim]
 * @param wv [layer][kvDim * dim]
 * @param wo [layer][dim * dim]
 * @param ffnNorm [layer][dim]
 * @param w1 [layer][hidden * dim], the gate projection
 * @param w2 [layer][dim * hidden], the down projection
 * @param w3 [layer][hidden * dim], the up projection
 * @param finalNorm [dim]
 * @param classifier [vocab * dim]; the same array as tokenEmbedding when tied
 */
public record LlamaWeights(
        Config config, RopeLayout rope, float[] tokenEmbedding,
        float[][] attentionNorm, float[][] wq, float[][] wk, float[][] wv, float[][] wo,
        float[][] ffnNorm, float[][] w1, float[][] w2, float[][] w3,
        float[] finalNorm, float[] classifier) {

    /** Which dimensions of a head form a rotary pair. */
    public enum RopeLayout {
        /** Pairs (2i, 2i+1): llama2.c and Meta's original checkpoints. */
        INTERLEAVED,
        /** Pairs (i, i + headSize/2): the Hugging Face layout. */
        HALVES
    }

    /**
     * @param contextLength maximum number of positions, in tokens
     * @param rmsNormEps added to the mean square before the square root
     * @param ropeTheta base of the rotary frequencies
     */
    public record Config(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int contextLength,
            float rmsNormEps, double ropeTheta) {
        public Config {
            if (dim <= 0 || hiddenDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocabSize <= 0 || contextLength <= 0) {
                throw new IllegalArgumentException("every size must be positive: " + this);
            }
            if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
                throw new IllegalArgumentException("heads do not divide the model evenly: " + this);
            }
        }

        public int headSize() {
            return dim / heads;
        }

        public int kvDim() {
            return kvHeads * headSize();
        }
    }

    public LlamaWeights {
        int d = config.dim();
        int h = config.hiddenDim();
        int kv = config.kvDim();
        check(tokenEmbedding, config.vocabSize() * d, "tokenEmbedding");
        check(finalNorm, d, "finalNorm");
        check(classifier, config.vocabSize() * d, "classifier");
        for (int l = 0; l < config.layers(); l++) {
            check(attentionNorm[l], d, "attentionNorm");
            check(wq[l], d * d, "wq");
            check(wk[l], kv * d, "wk");
            check(wv[l], kv * d, "wv");
            check(wo[l], d * d, "wo");
            check(ffnNorm[l], d, "ffnNorm");
            check(w1[l], h * d, "w1");
            check(w2[l], d * h, "w2");
            check(w3[l], h * d, "w3");
        }
    }

    private static void check(float[] a, int expected, String name) {
        if (a.length != expected) {
            throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + expected);
        }
    }

    /**
     * Reads a Hugging Face Llama folder: {@code config.json} and a single F32 {@code model.safetensors}. The
     * classifier is {@code lm_head.weight} when present, else the token embedding.
     */
    public static LlamaWeights fromHuggingFace(Path dir) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode c = json.readTree(dir.resolve("config.json").toFile());
            int dim = c.get("hidden_size").asInt();
            int heads = c.get("num_attention_heads").asInt();
            if (c.has("head_dim") && c.get("head_dim").asInt() != dim / heads) {
                throw new IllegalArgumentException("head_dim other than hidden_size / num_attention_heads is not supported");
            }
            Config config = new Config(dim, c.get("intermediate_size").asInt(), c.get("num_hidden_layers").asInt(), heads,
                    c.path("num_key_value_heads").asInt(heads), c.get("vocab_size").asInt(),
                    c.get("max_position_embeddings").asInt(), (float) c.get("rms_norm_eps").asDouble(),
                    c.path("rope_theta").asDouble(10000.0));
            Map<String, float[]> t = readSafetensors(dir.resolve("model.safetensors"), json);
            int n = config.layers();
            float[][] an = new float[n][], q = new float[n][], k = new float[n][], v = new float[n][], o = new float[n][];
            float[][] fn = new float[n][], g = new float[n][], down = new float[n][], up = new float[n][];
            for (int l = 0; l < n; l++) {
                String p = "model.layers." + l + ".";
                an[l] = require(t, p + "input_layernorm.weight");
                q[l] = require(t, p + "self_attn.q_proj.weight");
                k[l] = require(t, p + "self_attn.k_proj.weight");
                v[l] = require(t, p + "self_attn.v_proj.weight");
                o[l] = require(t, p + "self_attn.o_proj.weight");
                fn[l] = require(t, p + "post_attention_layernorm.weight");
                g[l] = require(t, p + "mlp.gate_proj.weight");
                down[l] = require(t, p + "mlp.down_proj.weight");
                up[l] = require(t, p + "mlp.up_proj.weight");
            }
            float[] embedding = require(t, "model.embed_tokens.weight");
            float[] classifier = t.getOrDefault("lm_head.weight", embedding);
            return new LlamaWeights(config, RopeLayout.HALVES, embedding, an, q, k, v, o, fn, g, down, up,
                    require(t, "model.norm.weight"), classifier);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] require(Map<String, float[]> tensors, String name) {
        float[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("model.safetensors has no tensor " + name);
        }
        return t;
    }

    /** Every tensor of a safetensors file, flattened; only F32 is supported. */
    public static Map<String, float[]> readSafetensors(Path file, ObjectMapper json) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            int headerLength = Math.toIntExact(all.getLong(0));
            byte[] header = new byte[headerLength];
            all.get(Long.BYTES, header);
            JsonNode root = json.readTree(new String(header, StandardCharsets.UTF_8));
            int dataStart = Long.BYTES + headerLength;
            Map<String, float[]> tensors = new HashMap<>();
            for (var field : root.properties()) {
                if (field.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode info = field.getValue();
                if (!info.get("dtype").asText().equals("F32")) {
                    throw new IllegalArgumentException("only F32 tensors are supported, " + field.getKey() + " is " + info.get("dtype"));
                }
                long count = 1;
                for (JsonNode d : info.get("shape")) {
                    count *= d.asLong();
                }
                long begin = info.get("data_offsets").get(0).asLong();
                long end = info.get("data_offsets").get(1).asLong();
                if (end - begin != count * Float.BYTES) {
                    throw new IllegalArgumentException(field.getKey() + " has data_offsets that do not match its shape");
                }
                float[] values = new float[Math.toIntExact(count)];
                all.slice(Math.toIntExact(dataStart + begin), Math.toIntExact(end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(values);
                tensors.put(field.getKey(), values);
            }
            return tensors;
        }
    }

    /**
     * Reads a llama2.c checkpoint in the legacy v0 layout straight from its file, without any conversion:
     * interleaved rotary pairs, the stored feed-forward width, run.c's constants (eps 1e-5, theta 10000).
     */
    public static LlamaWeights fromLlama2c(Path checkpoint) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(checkpoint)).order(ByteOrder.LITTLE_ENDIAN);
            int dim = b.getInt(), hidden = b.getInt(), n = b.getInt(), heads = b.getInt(), kvHeads = b.getInt();
            int signedVocab = b.getInt(), seqLen = b.getInt();
            Config config = new Config(dim, hidden, n, heads, kvHeads, Math.abs(signedVocab), seqLen, 1e-5f, 10000.0);
            var f = b.asFloatBuffer();
            int kv = config.kvDim();
            float[] embedding = read(f, config.vocabSize() * dim);
            float[][] an = read(f, n, dim), q = read(f, n, dim * dim), k = read(f, n, kv * dim), v = read(f, n, kv * dim);
            float[][] o = read(f, n, dim * dim), fn = read(f, n, dim);
            float[][] g = read(f, n, hidden * dim), down = read(f, n, dim * hidden), up = read(f, n, hidden * dim);
            float[] finalNorm = read(f, dim);
            read(f, seqLen * config.headSize() / 2); // the unused RoPE tables
            read(f, seqLen * config.headSize() / 2);
            float[] classifier = signedVocab > 0 ? embedding : read(f, config.vocabSize() * dim);
            if (f.hasRemaining()) {
                throw new IllegalArgumentException(checkpoint + " has " + f.remaining() + " floats more than its header says");
            }
            return new LlamaWeights(config, RopeLayout.INTERLEAVED, embedding, an, q, k, v, o, fn, g, down, up, finalNorm, classifier);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] read(FloatBuffer f, int count) {
        float[] a = new float[count];
        f.get(a);
        return a;
    }

    private static float[][] read(FloatBuffer f, int layers, int count) {
        float[][] a = new float[layers][];
        for (int l = 0; l < layers; l++) {
            a[l] = read(f, count);
        }
        return a;
    }
}
