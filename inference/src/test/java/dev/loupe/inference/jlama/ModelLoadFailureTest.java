package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.ModelLoadException;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading never crashes or hangs on bad model folders: one clear sentence each. */
class ModelLoadFailureTest {
    @TempDir
    Path dir;

    @Test
    void modelLargerThanAvailableMemoryIsRefusedBeforeLoading() throws IOException {
        // 1,000,000 x 8,192 F32 embeddings = 32.8 GB, in a sparse file that takes no disk space.
        Files.writeString(dir.resolve("config.json"), """
                {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":8192,"intermediate_size":16384,
                 "num_attention_heads":64,"num_key_value_heads":8,"num_hidden_layers":1,"vocab_size":1000000,
                 "max_position_embeddings":4096}""");
        Files.copy(SharedModels.smolShape().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        long embed = 1_000_000L * 8192 * 4;
        long q = 8192L * 8192 * 4;
        long kv = 1024L * 8192 * 4;
        String header = "{\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[1000000,8192],\"data_offsets\":[0," + embed + "]},"
                + "\"model.layers.0.self_attn.q_proj.weight\":{\"dtype\":\"F32\",\"shape\":[8192,8192],\"data_offsets\":[" + embed + "," + (embed + q) + "]},"
                + "\"model.layers.0.self_attn.k_proj.weight\":{\"dtype\":\"F32\",\"shape\":[1024,8192],\"data_offsets\":[" + (embed + q) + "," + (embed + q + kv) + "]},"
                + "\"model.layers.0.self_attn.v_proj.weight\":{\"dtype\":\"F32\",\"shape\":[1024,8192],\"data_offsets\":[" + (embed + q + kv) + "," + (embed + q + 2 * kv) + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path weights = dir.resolve("model.safetensors");
        try (RandomAccessFile file = new RandomAccessFile(weights.toFile(), "rw")) {
            file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            file.write(json);
            file.setLength(8 + json.length + embed + q + 2 * kv);
        }
        var e = assertThrows(ModelLoadException.class, () -> JlamaTextGenerator.load(dir));
        assertTrue(e.getMessage().contains("GiB of memory is available"), e.getMessage());
    }

    @Test
    void weightsMissingTensorsTheEngineNeedsAreReportedNotCrashed() throws IOException {
        Path good = SharedModels.stories260K();
        for (String file : new String[] {"config.json", "tokenizer.json"}) {
            Files.copy(good.resolve(file), dir.resolve(file));
        }
        // Valid safetensors holding only the embedding: the inspector's checks pass, the engine cannot build layers.
        int vocab = 512;
        int dim = 64;
        String header = "{\"model.embed_tokens.weight\":{\"dtype\":\"F32\",\"shape\":[" + vocab + "," + dim + "],\"data_offsets\":[0," + (vocab * dim * 4) + "]},"
                + "\"model.layers.0.self_attn.q_proj.weight\":{\"dtype\":\"F32\",\"shape\":[64,64],\"data_offsets\":[" + (vocab * dim * 4) + "," + (vocab * dim * 4 + 64 * 64 * 4) + "]},"
                + "\"model.layers.0.self_attn.k_proj.weight\":{\"dtype\":\"F32\",\"shape\":[32,64],\"data_offsets\":[0,8192]},"
                + "\"model.layers.0.self_attn.v_proj.weight\":{\"dtype\":\"F32\",\"shape\":[32,64],\"data_offsets\":[0,8192]}}";
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json")).replaceAll("\"num_hidden_layers\"\\s*:\\s*\\d+", "\"num_hidden_layers\": 1"));
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + vocab * dim * 4 + 64 * 64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        Files.write(dir.resolve("model.safetensors"), buf.array());
        var e = assertThrows(ModelLoadException.class, () -> JlamaTextGenerator.load(dir));
        assertTrue(e.getMessage().startsWith("The model " + dir.getFileName() + " could not be loaded"), e.getMessage());
    }

    @Test
    void folderWithoutWeightsIsReported() throws IOException {
        Files.copy(SharedModels.smolShape().resolve("config.json"), dir.resolve("config.json"));
        Files.copy(SharedModels.smolShape().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        var e = assertThrows(ModelLoadException.class, () -> JlamaTextGenerator.load(dir));
        assertTrue(e.getMessage().contains("no .safetensors"), e.getMessage());
    }
}
