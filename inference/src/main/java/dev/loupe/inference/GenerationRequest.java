package dev.loupe.inference;

import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import java.security.SecureRandom;
import java.util.List;

/**
 * One generation: what to continue, how to sample, when to stop.
 *
 * @param prompt the input
 * @param sampler every sampler setting
 * @param seed seeds the draw; the same seed and settings give the same tokens, across runs and processes
 * @param maxNewTokens upper bound of generated tokens, at least 1
 * @param stopStrings generation ends when one of them appears; it is not part of the returned text
 * @param topAlternatives how many most probable alternatives each {@link TokenEvent} carries (0 to 20)
 * @param constraint restricts the output (JSON Schema, regular expression); {@link TokenConstraint#NONE} for none
 */
public record GenerationRequest(
        Prompt prompt, SamplerSettings sampler, long seed, int maxNewTokens, List<String> stopStrings, int topAlternatives,
        TokenConstraint constraint) {

    public static final int MAX_TOP_ALTERNATIVES = 20;

    public GenerationRequest {
        if (prompt == null) {
            throw new InvalidSettingsException("a prompt is required");
        }
        if (sampler == null) {
            throw new InvalidSettingsException("sampler settings are required");
        }
        if (maxNewTokens < 1) {
            throw new InvalidSettingsException("max tokens must be at least 1, got " + maxNewTokens);
        }
        if (topAlternatives < 0 || topAlternatives > MAX_TOP_ALTERNATIVES) {
            throw new InvalidSettingsException("top alternatives (top-logprobs) must be between 0 and " + MAX_TOP_ALTERNATIVES + ", got " + topAlternatives);
        }
        stopStrings = List.copyOf(stopStrings == null ? List.of() : stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new InvalidSettingsException("stop strings must not be empty");
        }
        constraint = constraint == null ? TokenConstraint.NONE : constraint;
    }

    /** An unconstrained request. */
    public GenerationRequest(Prompt prompt, SamplerSettings sampler, long seed, int maxNewTokens, List<String> stopStrings, int topAlternatives) {
        this(prompt, sampler, seed, maxNewTokens, stopStrings, topAlternatives, TokenConstraint.NONE);
    }

    /** A request with the given prompt and settings, a fresh random seed, no stop strings and 5 alternatives. */
    public static GenerationRequest of(Prompt prompt, SamplerSettings sampler, int maxNewTokens) {
        return new GenerationRequest(prompt, sampler, randomSeed(), maxNewTokens, List.of(), 5);
    }

    /** A seed for callers that asked for none; it is reported in the result so the run can be repeated. */
    public static long randomSeed() {
        return new SecureRandom().nextLong() & Long.MAX_VALUE;
    }

    public GenerationRequest withSeed(long value) {
        return new GenerationRequest(prompt, sampler, value, maxNewTokens, stopStrings, topAlternatives, constraint);
    }

    public GenerationRequest withPrompt(Prompt value) {
        return new GenerationRequest(value, sampler, seed, maxNewTokens, stopStrings, topAlternatives, constraint);
    }

    public GenerationRequest withConstraint(TokenConstraint value) {
        return new GenerationRequest(prompt, sampler, seed, maxNewTokens, stopStrings, topAlternatives, value);
    }

    public GenerationRequest withSampler(SamplerSettings value) {
        return new GenerationRequest(prompt, value, seed, maxNewTokens, stopStrings, topAlternatives, constraint);
    }
}
