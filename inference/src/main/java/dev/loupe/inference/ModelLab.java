package dev.loupe.inference;

import dev.loupe.inference.inspect.AttentionMaps;
import dev.loupe.inference.inspect.LogitLens;
import dev.loupe.inference.lab.BeamSearchResult;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonListener;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.lab.SequenceScore;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.sampling.StepExplanation;
import java.util.List;

/**
 * The sampling and interpretability lab of one loaded model, for the Inspect and Compare workspaces and the CLI:
 * decoding strategies, step explanations, branches, scoring, comparisons, logit lens and attention.
 *
 * <p>Every method blocks the calling thread (never call from the UI thread) and shares the model's lock with its
 * {@link TextGenerator}: calls from several threads queue up. Results are immutable values.
 */
public interface ModelLab {
    ModelInfo info();

    /**
     * Generates with {@code strategy}. Sampling and contrastive search stream tokens to {@code listener} as they
     * are chosen; beam search delivers the best beam's tokens after the search, since none is final before.
     *
     * @throws PromptTooLongException when the prompt plus {@code maxNewTokens} exceed the context
     */
    GenerationResult decode(GenerationRequest request, DecodingStrategy strategy, CancellationToken cancel, TokenListener listener);

    /**
     * Beam search returning the {@code beam.sequences()} best hypotheses with their total log-probabilities.
     * Stop strings and output constraints are not supported (they would need text and constraint state per beam).
     */
    BeamSearchResult beamSearch(GenerationRequest request, DecodingStrategy.BeamSearch beam, CancellationToken cancel);

    /**
     * Generates with the request's sampler chain and keeps the result as a {@link Branch}: explainable at every
     * step, and a starting point for other branches. The caller closes it.
     */
    Branch generateBranch(GenerationRequest request, CancellationToken cancel, TokenListener listener);

    /**
     * The sampler chain's stages at generated step {@code step} of {@code request}: the generation is replayed
     * (same prompt, settings and seed give the same tokens) up to that step and explained there, exactly as the
     * sampler decided.
     *
     * @throws LoupeException when the generation ends before {@code step}
     */
    StepExplanation explainStep(GenerationRequest request, int step, int shownTokens);

    /**
     * Teacher-forced score of {@code text}: the log-probability, rank and entropy of each token from position
     * {@code firstScoredPosition} on (1 scores everything after the first token), the total and the perplexity.
     */
    default SequenceScore score(Prompt text, int firstScoredPosition) {
        return score(text, firstScoredPosition, 0);
    }

    /**
     * {@link #score(Prompt, int)} that also lists, at every scored position, the model's {@code topAlternatives}
     * most probable tokens with their probabilities: what the Inspect workspace shows and branches from, without
     * generating anything again.
     *
     * @param topAlternatives 0 to {@link GenerationRequest#MAX_TOP_ALTERNATIVES}
     */
    SequenceScore score(Prompt text, int firstScoredPosition, int topAlternatives);

    /**
     * Runs {@code prompt} under every setting. The prompt is prefilled once and its KV cache shared by all runs, so
     * N settings cost one prefill plus N decodes.
     */
    default Comparison compare(Prompt prompt, List<ComparisonSetting> settings, CancellationToken cancel) {
        return compare(prompt, settings, cancel, ComparisonListener.NONE);
    }

    /**
     * As {@link #compare(Prompt, List, CancellationToken)}, streaming each setting's tokens to its own listener of
     * {@code listener} as they are chosen. A cancelled comparison ends the running setting within one token, keeps
     * it as a run and skips the settings after it.
     *
     * @throws PromptTooLongException when the prompt plus the largest {@code maxNewTokens} exceed the context
     */
    Comparison compare(Prompt prompt, List<ComparisonSetting> settings, CancellationToken cancel, ComparisonListener listener);

    /**
     * The logit lens: at every position, the {@code topCount} most probable next tokens obtained by applying the
     * model's final norm and output head to the residual stream after each layer (layer 0 is the embedding),
     * with the probability of the token the model finally ranks first. The last layer is the engine's own output.
     */
    LogitLens logitLens(Prompt prompt, int topCount);

    /** The attention weights of every layer and head over the prompt (causal; each row sums to 1). */
    AttentionMaps attention(Prompt prompt);
}
