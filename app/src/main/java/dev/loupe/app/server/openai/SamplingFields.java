package dev.loupe.app.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads every sampler setting of a request. Absent fields mean what they mean at OpenAI (temperature 1, top_p 1,
 * no penalties); Loupe's extra fields ({@code top_k}, {@code min_p}, {@code typical_p}, {@code repetition_penalty},
 * {@code penalty_window}) are off unless given. Ranges follow OpenAI where it defines them.
 */
final class SamplingFields {
    /** What a request with no sampler fields asks for at OpenAI. */
    static final SamplerSettings OPENAI_DEFAULTS = new SamplerSettings(1, 0, 1, 0, 1, 1, 0, 0, 0, Map.of());

    private SamplingFields() {}

    /** @param vocabSize token ids in {@code logit_bias} must be below it */
    static SamplerSettings read(RequestBody body, int vocabSize) {
        SamplerSettings d = OPENAI_DEFAULTS;
        double temperature = body.number("temperature", 0, 2).orElse(d.temperature());
        double topP = body.number("top_p", 0, 1).orElse(d.topP());
        if (topP <= 0) {
            throw new InvalidRequestException("top_p", "'top_p' must be greater than 0 and at most 1 (1 keeps every token); use temperature 0 for greedy decoding.");
        }
        double frequency = body.number("frequency_penalty", -2, 2).orElse(d.frequencyPenalty());
        double presence = body.number("presence_penalty", -2, 2).orElse(d.presencePenalty());
        int topK = (int) (long) body.integer("top_k", 0, Integer.MAX_VALUE).orElse((long) d.topK());
        double minP = body.number("min_p", 0, 1).orElse(d.minP());
        if (minP >= 1) {
            throw new InvalidRequestException("min_p", "'min_p' must be at least 0 and below 1 (0 turns it off).");
        }
        double typicalP = body.number("typical_p", 0, 1).orElse(d.typicalP());
        if (typicalP <= 0) {
            throw new InvalidRequestException("typical_p", "'typical_p' must be greater than 0 and at most 1 (1 turns it off).");
        }
        String repetitionField = body.has("repetition_penalty") ? "repetition_penalty" : "repeat_penalty";
        double repetition = body.number(repetitionField, 0, 10).orElse(d.repetitionPenalty());
        if (repetition <= 0) {
            throw new InvalidRequestException(repetitionField, "'" + repetitionField + "' must be above 0 and at most 10 (1 turns it off).");
        }
        int window = (int) (long) body.integer("penalty_window", 0, Integer.MAX_VALUE).orElse((long) d.penaltyWindowTokens());
        Map<Integer, Float> bias = logitBias(body, vocabSize);
        try {
            return new SamplerSettings(temperature, topK, topP, minP, typicalP, repetition, frequency, presence, window, bias);
        } catch (InvalidSettingsException e) {
            throw new InvalidRequestException(null, e.getMessage());
        }
    }

    private static Map<Integer, Float> logitBias(RequestBody body, int vocabSize) {
        JsonNode node = body.node("logit_bias").orElse(null);
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("logit_bias", "'logit_bias' must be an object mapping token ids to biases from -100 to 100.");
        }
        Map<Integer, Float> bias = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int id;
            try {
                id = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("logit_bias", "'logit_bias' keys must be token ids, got '" + entry.getKey() + "'.");
            }
            if (id < 0 || id >= vocabSize) {
                throw new InvalidRequestException("logit_bias", "'logit_bias' names token " + id + ", but the model's token ids run from 0 to " + (vocabSize - 1) + ".");
            }
            JsonNode value = entry.getValue();
            if (!value.isNumber() || value.asDouble() < -100 || value.asDouble() > 100) {
                throw new InvalidRequestException("logit_bias", "'logit_bias' values must be numbers from -100 to 100 (token " + id + ").");
            }
            bias.put(id, (float) value.asDouble());
        }
        return bias;
    }
}
