package dev.loupe.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and checks a Hugging Face model folder without loading weights: required files, supported architecture,
 * safetensors headers, tensor shapes against config.json. Every problem becomes a {@link ModelLoadException}
 * with one sentence naming the folder and what to do.
 */
public final class ModelInspector {
    /** Decoder architectures Jlama 0.8.4 can generate with (its {@code ModelType} minus the BERT encoder). */
    public static final Set<String> SUPPORTED_TYPES = Set.of("llama", "mistral", "mixtral", "gemma", "gemma2", "granite", "gpt2", "qwen2");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelInspector() {}

    /** Inspects {@code dir}; throws {@link ModelLoadException} when it is not a usable model folder. */
    public static ModelInfo inspect(Path dir) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("The model folder " + dir + " does not exist or is not a folder.");
        }
        JsonNode config = readJson(dir.resolve("config.json"), name);
        String modelType = text(config, "model_type").toLowerCase(Locale.ROOT);
        if (modelType.isEmpty()) {
            throw new ModelLoadException("The model " + name + " has no model_type in config.json, so its architecture is unknown.");
        }
        if (!SUPPORTED_TYPES.contains(modelType)) {
            throw new ModelLoadException("The model " + name + " has the architecture '" + modelType
                    + "', which Loupe cannot run; supported are " + String.join(", ", SUPPORTED_TYPES.stream().sorted().toList()) + ".");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new ModelLoadException("The model " + name + " has no tokenizer.json; copy it from the model's original folder.");
        }
        List<Path> weightFiles = weightFiles(dir, name);
        Map<String, SafetensorsHeader.Tensor> tensors = new HashMap<>();
        for (Path file : weightFiles) {
            tensors.putAll(SafetensorsHeader.read(file).tensors());
        }

        int hidden = intField(config, name, "hidden_size", "n_embd", "d_model");
        int layers = intField(config, name, "num_hidden_layers", "n_layer");
        int heads = intField(config, name, "num_attention_heads", "n_head");
        int kvHeads = optionalInt(config, heads, "num_key_value_heads");
        int headDim = optionalInt(config, heads == 0 ? 0 : hidden / heads, "head_dim");
        int context = intField(config, name, "max_position_embeddings", "n_positions", "n_ctx");
        int vocab = intField(config, name, "vocab_size");
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0 || layers <= 0 || context <= 0 || vocab <= 0 || hidden <= 0) {
            throw new ModelLoadException("The model " + name + " has inconsistent sizes in config.json (heads, layers, context or vocabulary).");
        }
        checkShapes(name, modelType, tensors, hidden, layers, heads, kvHeads, headDim, vocab);

        long parameters = 0;
        long weightBytes = 0;
        Map<String, Long> elementsByDtype = new HashMap<>();
        for (var t : tensors.values()) {
            weightBytes += t.byteLength();
            if (!t.isQuantizationScale()) {
                parameters += t.elements();
                elementsByDtype.merge(t.dtype(), t.elements(), Long::sum);
            }
        }
        String dtype = elementsByDtype.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
        String architecture = config.path("architectures").path(0).asText(modelType);
        boolean chatTemplate = hasChatTemplate(dir);
        return new ModelInfo(name, dir.toAbsolutePath().normalize(), modelType, architecture, parameters, dtype, weightBytes,
                folderBytes(dir), context, layers, hidden, heads, kvHeads, headDim, vocab, chatTemplate);
    }

    private static List<Path> weightFiles(Path dir, String name) {
        List<Path> files = new ArrayList<>();
        boolean gguf = false;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith(".safetensors") && Files.isRegularFile(p)) {
                    files.add(p);
                }
                gguf |= file.endsWith(".gguf");
            }
        } catch (IOException e) {
            throw new ModelLoadException("The model folder " + dir + " cannot be read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ModelLoadException(gguf
                    ? "The model " + name + " holds GGUF weights, which Loupe cannot read; use the model's safetensors release."
                    : "The model " + name + " has no .safetensors weights file.");
        }
        return files;
    }

    /** Checks the tensors every Llama-family model has against the sizes in config.json (float weights only). */
    private static void checkShapes(String name, String modelType, Map<String, SafetensorsHeader.Tensor> tensors,
                                    int hidden, int layers, int heads, int kvHeads, int headDim, int vocab) {
        if (modelType.equals("gpt2")) {
            return;
        }
        expectShape(name, tensors, "model.embed_tokens.weight", vocab, hidden);
        for (int layer = 0; layer < layers; layer++) {
            String prefix = "model.layers." + layer + ".self_attn.";
            if (!tensors.containsKey(prefix + "q_proj.weight")) {
                throw new ModelLoadException("The model " + name + " is missing the weights of layer " + layer
                        + " that config.json announces (" + layers + " layers).");
            }
            expectShape(name, tensors, prefix + "q_proj.weight", heads * headDim, hidden);
            expectShape(name, tensors, prefix + "k_proj.weight", kvHeads * headDim, hidden);
            expectShape(name, tensors, prefix + "v_proj.weight", kvHeads * headDim, hidden);
        }
    }

    private static void expectShape(String name, Map<String, SafetensorsHeader.Tensor> tensors, String tensor, long rows, long cols) {
        SafetensorsHeader.Tensor t = tensors.get(tensor);
        if (t == null || !Set.of("F32", "F16", "BF16").contains(t.dtype())) {
            return;
        }
        if (t.shape().length != 2 || t.shape()[0] != rows || t.shape()[1] != cols) {
            throw new ModelLoadException("The model " + name + " does not match its config.json: tensor " + tensor + " has shape "
                    + java.util.Arrays.toString(t.shape()) + " but [" + rows + ", " + cols + "] is expected.");
        }
    }

    private static boolean hasChatTemplate(Path dir) {
        Path file = dir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return JSON.readTree(file.toFile()).hasNonNull("chat_template");
        } catch (IOException e) {
            throw new ModelLoadException("The model's tokenizer_config.json in " + dir + " is not valid JSON.", e);
        }
    }

    private static JsonNode readJson(Path file, String model) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("The model " + model + " has no " + file.getFileName() + "; is this a Hugging Face model folder?");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new ModelLoadException("The model " + model + " has an empty or invalid " + file.getFileName() + ".");
            }
            return node;
        } catch (IOException e) {
            throw new ModelLoadException("The model " + model + " has an invalid " + file.getFileName() + " (not JSON).", e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    private static int intField(JsonNode config, String model, String... names) {
        for (String n : names) {
            if (config.hasNonNull(n) && config.get(n).canConvertToInt()) {
                return config.get(n).asInt();
            }
        }
        throw new ModelLoadException("The model " + model + " has no " + names[0] + " in config.json.");
    }

    private static int optionalInt(JsonNode config, int fallback, String name) {
        JsonNode n = config.get(name);
        return n != null && n.canConvertToInt() ? n.asInt() : fallback;
    }

    private static long folderBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new ModelLoadException("The model folder " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }
}
