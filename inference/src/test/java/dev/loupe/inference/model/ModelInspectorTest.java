package dev.loupe.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken model folder gets one clear sentence; a good one gets the right figures. */
class ModelInspectorTest {
    @TempDir
    Path dir;

    // A tiny Llama: hidden 8, 2 heads of 4, 1 kv head, 1 layer, vocab 10, context 32.
    private static final String CONFIG = """
            {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":8,"intermediate_size":16,
             "num_attention_heads":2,"num_key_value_heads":1,"num_hidden_layers":1,"vocab_size":10,
             "max_position_embeddings":32,"bos_token_id":1,"eos_token_id":2}""";

    private Map<String, long[]> tinyTensors() {
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", new long[] {10, 8});
        t.put("model.layers.0.self_attn.q_proj.weight", new long[] {8, 8});
        t.put("model.layers.0.self_attn.k_proj.weight", new long[] {4, 8});
        t.put("model.layers.0.self_attn.v_proj.weight", new long[] {4, 8});
        t.put("model.norm.weight", new long[] {8});
        return t;
    }

    private void writeModel(String config, Map<String, long[]> tensors) throws IOException {
        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\":{\"type\":\"BPE\",\"vocab\":{}}}");
        writeSafetensors(dir.resolve("model.safetensors"), tensors, 0);
    }

    /** Writes F32 tensors; {@code truncateBytes} cuts that many bytes off the end. */
    static void writeSafetensors(Path file, Map<String, long[]> tensors, int truncateBytes) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (var e : tensors.entrySet()) {
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            if (header.length() > 1) {
                header.append(',');
            }
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue())).append(",\"data_offsets\":[").append(offset).append(',')
                    .append(offset + n * 4).append("]}");
            offset += n * 4;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        Files.write(file, java.util.Arrays.copyOf(buf.array(), buf.capacity() - truncateBytes));
    }

    @Test
    void goodFolderGivesItsFigures() throws IOException {
        writeModel(CONFIG, tinyTensors());
        ModelInfo info = ModelInspector.inspect(dir);
        assertEquals("llama", info.modelType());
        assertEquals("LlamaForCausalLM", info.architecture());
        assertEquals(80 + 64 + 32 + 32 + 8, info.parameterCount());
        assertEquals("F32", info.weightDtype());
        assertEquals(32, info.contextTokens());
        assertEquals(4, info.headDim());
        // 2 (k and v) x 1 layer x 32 positions x 1 kv head x 4 dims x 4 bytes: grouped-query attention counts
        assertEquals(2L * 32 * 1 * 4 * 4, info.kvCacheBytesAtFullContext());
        assertEquals(info.weightBytes() + info.kvCacheBytesAtFullContext(), info.ramEstimateBytes());
    }

    @Test
    void missingFolderIsReported() {
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void missingConfigIsReported() throws IOException {
        writeModel(CONFIG, tinyTensors());
        Files.delete(dir.resolve("config.json"));
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
    }

    @Test
    void missingTokenizerIsReported() throws IOException {
        writeModel(CONFIG, tinyTensors());
        Files.delete(dir.resolve("tokenizer.json"));
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
    }

    @Test
    void missingWeightsAndGgufAreReported() throws IOException {
        writeModel(CONFIG, tinyTensors());
        Files.delete(dir.resolve("model.safetensors"));
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("no .safetensors"), e.getMessage());
        Files.writeString(dir.resolve("model.Q4_K_M.gguf"), "GGUF");
        e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("GGUF"), e.getMessage());
    }

    @Test
    void unsupportedArchitectureIsNamed() throws IOException {
        writeModel(CONFIG.replace("\"model_type\":\"llama\"", "\"model_type\":\"mamba\""), tinyTensors());
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("'mamba'") && e.getMessage().contains("cannot run"), e.getMessage());
    }

    @Test
    void truncatedWeightsAreReported() throws IOException {
        writeModel(CONFIG, tinyTensors());
        writeSafetensors(dir.resolve("model.safetensors"), tinyTensors(), 12);
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptHeaderIsReported() throws IOException {
        writeModel(CONFIG, tinyTensors());
        byte[] bytes = Files.readAllBytes(dir.resolve("model.safetensors"));
        bytes[8] = '#'; // the opening brace: no longer JSON
        Files.write(dir.resolve("model.safetensors"), bytes);
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("corrupt header"), e.getMessage());

        Files.write(dir.resolve("model.safetensors"), new byte[] {(byte) 0xff, (byte) 0xff, 0x7f, 0x7f, 1, 2, 3, 4, 5, 6});
        e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("corrupt or truncated header"), e.getMessage());
    }

    @Test
    void tensorShapeMismatchIsNamed() throws IOException {
        Map<String, long[]> tensors = tinyTensors();
        tensors.put("model.layers.0.self_attn.k_proj.weight", new long[] {8, 8}); // config says 1 kv head of 4
        writeModel(CONFIG, tensors);
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("k_proj") && e.getMessage().contains("[4, 8]"), e.getMessage());
    }

    @Test
    void missingLayerIsReported() throws IOException {
        writeModel(CONFIG.replace("\"num_hidden_layers\":1", "\"num_hidden_layers\":2"), tinyTensors());
        var e = assertThrows(ModelLoadException.class, () -> ModelInspector.inspect(dir));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
    }

    @Test
    void catalogListsGoodAndBrokenFoldersSideBySide() throws IOException {
        Path good = Files.createDirectories(dir.resolve("a-good"));
        Path broken = Files.createDirectories(dir.resolve("b-broken"));
        Files.writeString(good.resolve("config.json"), CONFIG);
        Files.writeString(good.resolve("tokenizer.json"), "{}");
        writeSafetensors(good.resolve("model.safetensors"), tinyTensors(), 0);
        Files.writeString(broken.resolve("config.json"), "not json");
        var entries = ModelCatalog.list(dir);
        assertEquals(2, entries.size());
        assertTrue(entries.get(0).info().isPresent());
        assertTrue(entries.get(1).problem().orElseThrow().contains("invalid config.json"));
    }

}
