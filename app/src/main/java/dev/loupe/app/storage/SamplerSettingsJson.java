package dev.loupe.app.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link SamplerSettings} as versioned JSON, the form in which messages, presets and runs store them:
 * <pre>{"version":1,"temperature":0.8,"topK":40,"topP":0.95,"minP":0.05,"typicalP":1.0,
 *  "repetitionPenalty":1.1,"frequencyPenalty":0.0,"presencePenalty":0.0,"penaltyWindowTokens":64,
 *  "logitBias":{"13":-100.0}}</pre>
 * Every field is required in version 1; a later version that adds a setting reads version 1 with that setting
 * off. A newer version than this build knows is refused rather than guessed at. Stateless and thread-safe.
 */
public final class SamplerSettingsJson {
    /** The format version this build writes. */
    public static final int VERSION = 1;
    private static final String WHAT = "saved sampler settings";

    private SamplerSettingsJson() {}

    public static String toJson(SamplerSettings settings) {
        try {
            return JsonFields.MAPPER.writeValueAsString(toTree(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Sampler settings could not be written as JSON", e);
        }
    }

    public static ObjectNode toTree(SamplerSettings settings) {
        ObjectNode node = JsonFields.MAPPER.createObjectNode();
        node.put("version", VERSION);
        node.put("temperature", settings.temperature());
        node.put("topK", settings.topK());
        node.put("topP", settings.topP());
        node.put("minP", settings.minP());
        node.put("typicalP", settings.typicalP());
        node.put("repetitionPenalty", settings.repetitionPenalty());
        node.put("frequencyPenalty", settings.frequencyPenalty());
        node.put("presencePenalty", settings.presencePenalty());
        node.put("penaltyWindowTokens", settings.penaltyWindowTokens());
        ObjectNode bias = node.putObject("logitBias");
        // Sorted so that equal settings always give equal text.
        new TreeMap<>(settings.logitBias()).forEach((token, value) -> bias.put(Integer.toString(token), value));
        return node;
    }

    public static SamplerSettings fromJson(String json) {
        return fromTree(JsonFields.parse(json, WHAT));
    }

    /**
     * @throws StorageException when a field is missing or mistyped, the version is newer than {@link #VERSION},
     *     or a value is out of range
     */
    public static SamplerSettings fromTree(JsonNode node) {
        int version = JsonFields.intValue(node, "version", WHAT);
        if (version > VERSION) {
            throw new StorageException("These sampler settings were saved by a newer Loupe (format " + version
                    + "); update Loupe to read them.");
        }
        if (version < 1) {
            throw new StorageException("Loupe could not read saved sampler settings with format version " + version
                    + "; recreate them.");
        }
        Map<Integer, Float> bias = new HashMap<>();
        JsonNode biasNode = JsonFields.required(node, "logitBias", WHAT);
        for (var entry : biasNode.properties()) {
            int token;
            try {
                token = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new StorageException("Loupe could not read " + WHAT + " because the logit bias key \""
                        + entry.getKey() + "\" is not a token id; recreate them.");
            }
            bias.put(token, JsonFields.toFloat(entry.getValue(), "logitBias." + entry.getKey(), WHAT));
        }
        try {
            return new SamplerSettings(
                    JsonFields.doubleValue(node, "temperature", WHAT),
                    JsonFields.intValue(node, "topK", WHAT),
                    JsonFields.doubleValue(node, "topP", WHAT),
                    JsonFields.doubleValue(node, "minP", WHAT),
                    JsonFields.doubleValue(node, "typicalP", WHAT),
                    JsonFields.doubleValue(node, "repetitionPenalty", WHAT),
                    JsonFields.doubleValue(node, "frequencyPenalty", WHAT),
                    JsonFields.doubleValue(node, "presencePenalty", WHAT),
                    JsonFields.intValue(node, "penaltyWindowTokens", WHAT),
                    bias);
        } catch (StorageException e) {
            throw e;
        } catch (LoupeException e) {
            throw new StorageException("Loupe could not use " + WHAT + " because " + e.getMessage()
                    + "; edit them in the sampler panel.", e);
        }
    }
}
