package dev.loupe.inference.sampling;

import java.util.Map;

/**
 * Every setting of the sampler chain, validated once here so that the CLI, the app and the API server reject
 * the same bad values with the same message. The chain applies them in this order: penalties and logit bias,
 * temperature, top-k, top-p, min-p, typical-p, then a seeded draw.
 *
 * @param temperature divides the logits; 0 means greedy (always the most probable token)
 * @param topK keep the K most probable tokens; 0 turns the filter off
 * @param topP keep the smallest set of most probable tokens whose probability reaches P; 1 turns it off
 * @param minP keep tokens at least P times as probable as the most probable one; 0 turns it off
 * @param typicalP locally typical sampling with mass P; 1 turns it off
 * @param repetitionPenalty divides positive and multiplies negative logits of tokens seen in the window; 1 is off
 * @param frequencyPenalty subtracted from a token's logit once per occurrence in the window; 0 is off
 * @param presencePenalty subtracted once from the logit of every token present in the window; 0 is off
 * @param penaltyWindowTokens how many of the most recent tokens the penalties look at; 0 means all of them
 * @param logitBias added to the logit of the given token ids (use a large negative value to ban a token)
 */
public record SamplerSettings(
        double temperature,
        int topK,
        double topP,
        double minP,
        double typicalP,
        double repetitionPenalty,
        double frequencyPenalty,
        double presencePenalty,
        int penaltyWindowTokens,
        Map<Integer, Float> logitBias) {

    /** Deterministic decoding: temperature 0, every filter and penalty off. */
    public static final SamplerSettings GREEDY = new SamplerSettings(0, 0, 1, 0, 1, 1, 0, 0, 64, Map.of());

    /** A balanced default for chat. */
    public static final SamplerSettings DEFAULTS = new SamplerSettings(0.8, 40, 0.95, 0.05, 1, 1.1, 0, 0, 64, Map.of());

    public SamplerSettings {
        check(Double.isFinite(temperature) && temperature >= 0 && temperature <= 10,
                "temperature must be between 0 and 10 (0 means greedy), got " + temperature);
        check(topK >= 0, "top-k must be 0 (off) or a positive number of tokens, got " + topK);
        check(topP > 0 && topP <= 1, "top-p must be greater than 0 and at most 1 (1 turns it off), got " + topP);
        check(minP >= 0 && minP < 1, "min-p must be at least 0 (off) and below 1, got " + minP);
        check(typicalP > 0 && typicalP <= 1, "typical-p must be greater than 0 and at most 1 (1 turns it off), got " + typicalP);
        check(Double.isFinite(repetitionPenalty) && repetitionPenalty > 0 && repetitionPenalty <= 10,
                "repetition penalty must be above 0 and at most 10 (1 turns it off), got " + repetitionPenalty);
        check(Double.isFinite(frequencyPenalty) && Math.abs(frequencyPenalty) <= 2,
                "frequency penalty must be between -2 and 2, got " + frequencyPenalty);
        check(Double.isFinite(presencePenalty) && Math.abs(presencePenalty) <= 2,
                "presence penalty must be between -2 and 2, got " + presencePenalty);
        check(penaltyWindowTokens >= 0, "penalty window must be 0 (all tokens) or a positive number of tokens, got " + penaltyWindowTokens);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
        for (var bias : logitBias.entrySet()) {
            check(bias.getKey() >= 0, "logit bias token ids must not be negative, got " + bias.getKey());
            check(!bias.getValue().isNaN(), "logit bias for token " + bias.getKey() + " must be a number");
        }
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplerSettings withTemperature(double value) {
        return new SamplerSettings(value, topK, topP, minP, typicalP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindowTokens, logitBias);
    }

    public SamplerSettings withTopK(int value) {
        return new SamplerSettings(temperature, value, topP, minP, typicalP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindowTokens, logitBias);
    }

    public SamplerSettings withTopP(double value) {
        return new SamplerSettings(temperature, topK, value, minP, typicalP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindowTokens, logitBias);
    }

    public SamplerSettings withMinP(double value) {
        return new SamplerSettings(temperature, topK, topP, value, typicalP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindowTokens, logitBias);
    }

    public SamplerSettings withTypicalP(double value) {
        return new SamplerSettings(temperature, topK, topP, minP, value, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindowTokens, logitBias);
    }

    public SamplerSettings withPenalties(double repetition, double frequency, double presence, int windowTokens) {
        return new SamplerSettings(temperature, topK, topP, minP, typicalP, repetition, frequency, presence, windowTokens, logitBias);
    }

    public SamplerSettings withLogitBias(Map<Integer, Float> value) {
        return new SamplerSettings(temperature, topK, topP, minP, typicalP, repetitionPenalty, frequencyPenalty, presencePenalty, penaltyWindowTokens, value);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidSettingsException(message);
        }
    }
}
