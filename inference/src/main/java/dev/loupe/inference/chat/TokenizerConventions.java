package dev.loupe.inference.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a model folder's tokenizer files say about framing a prompt: whether a BOS token goes first and which
 * chat template applies. Jlama 0.8.4 always prepends BOS, which is wrong for models such as SmolLM2 whose BOS id
 * is a chat marker, so Loupe decides from the files as Hugging Face does.
 *
 * @param addBos whether encoded prompts start with the BOS token
 * @param chatTemplateSource the Jinja chat template of tokenizer_config.json, if any
 * @param chatMl whether the vocabulary has the ChatML markers (the fallback template)
 */
public record TokenizerConventions(boolean addBos, Optional<String> chatTemplateSource, boolean chatMl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads tokenizer.json and the optional tokenizer_config.json of {@code modelDir}. */
    public static TokenizerConventions read(Path modelDir) {
        try {
            JsonNode tokenizer = JSON.readTree(modelDir.resolve("tokenizer.json").toFile());
            Path configFile = modelDir.resolve("tokenizer_config.json");
            JsonNode config = Files.isRegularFile(configFile) ? JSON.readTree(configFile.toFile()) : JSON.createObjectNode();
            boolean addBos;
            if (config.has("add_bos_token") && config.get("add_bos_token").isBoolean()) {
                addBos = config.get("add_bos_token").asBoolean();
            } else if (tokenizer.path("post_processor").path("type").asText("").equals("TemplateProcessing")) {
                // The single-sequence template names the special tokens wrapped around a text, BOS among them.
                addBos = tokenizer.path("post_processor").path("single").path(0).has("SpecialToken");
            } else {
                // SentencePiece-style vocabularies (byte fallback) are Llama/Mistral lineage, trained with BOS first.
                addBos = tokenizer.path("model").path("byte_fallback").asBoolean(false);
            }
            Optional<String> template = Optional.ofNullable(config.get("chat_template")).filter(JsonNode::isTextual).map(JsonNode::asText);
            boolean chatMl = hasAddedToken(tokenizer, ChatMlTemplate.START) && hasAddedToken(tokenizer, ChatMlTemplate.END);
            return new TokenizerConventions(addBos, template, chatMl);
        } catch (IOException e) {
            throw new ModelLoadException("The tokenizer files of " + modelDir.getFileName() + " are not valid JSON.", e);
        }
    }

    private static boolean hasAddedToken(JsonNode tokenizer, String content) {
        for (JsonNode token : tokenizer.path("added_tokens")) {
            if (content.equals(token.path("content").asText())) {
                return true;
            }
        }
        return tokenizer.path("model").path("vocab").has(content);
    }
}
