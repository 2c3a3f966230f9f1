package dev.loupe.inference.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Turns one row of raw logits into the next token, in the order {@link SamplerSettings} documents: repetition,
 * frequency and presence penalties over the penalty window, logit bias, temperature, top-k, top-p, min-p,
 * typical-p, then one seeded draw. Steps that are off are left out of the chain. Temperature 0 is greedy: the
 * argmax of the penalised and biased logits (ties: lower id), no filter, no draw.
 *
 * <p>Each filter works on the candidates the previous one kept, renormalised. The draw takes one
 * {@code random.nextDouble()} u and picks the first token, most probable first, at which the cumulative
 * probability exceeds u; so the same seed gives the same tokens in every process (results do not depend on JIT
 * tier or vector width; see {@code ExpKernel}).
 *
 * <p>Cost per token is about one pass over the vocabulary and allocates nothing: no step sorts the whole
 * vocabulary. Not thread-safe: the chain owns reusable buffers of the vocabulary's size; use one per inference
 * thread (it may serve any number of generations one after another).
 */
public final class SamplerChain {
    private final SamplerSettings settings;
    private final Candidates candidates;
    private final PenaltyWindow window;        // null when no penalty is on
    private final SamplerStep[] logitSteps;   // penalties and bias: run in greedy mode too
    private final SamplerStep[] samplingSteps; // temperature and filters: skipped in greedy mode

    /**
     * @param vocabSize number of logits the model produces per token
     * @throws InvalidSettingsException when the logit bias names a token outside the vocabulary
     */
    public SamplerChain(SamplerSettings settings, int vocabSize) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.candidates = new Candidates(vocabSize);
        boolean penalties = settings.repetitionPenalty() != 1 || settings.frequencyPenalty() != 0 || settings.presencePenalty() != 0;
        this.window = penalties ? new PenaltyWindow(vocabSize, settings.penaltyWindowTokens()) : null;
        var logit = new ArrayList<SamplerStep>();
        if (settings.repetitionPenalty() != 1) {
            logit.add(new RepetitionPenalty(settings.repetitionPenalty(), window));
        }
        if (settings.frequencyPenalty() != 0) {
            logit.add(new FrequencyPenalty(settings.frequencyPenalty(), window));
        }
        if (settings.presencePenalty() != 0) {
            logit.add(new PresencePenalty(settings.presencePenalty(), window));
        }
        if (!settings.logitBias().isEmpty()) {
            logit.add(new LogitBias(settings.logitBias(), vocabSize));
        }
        var sampling = new ArrayList<SamplerStep>();
        if (!settings.isGreedy()) {
            if (settings.temperature() != 1) {
                sampling.add(new Temperature(settings.temperature()));
            }
            if (settings.topK() > 0) {
                sampling.add(new TopKFilter(settings.topK()));
            }
            if (settings.topP() < 1) {
                sampling.add(new TopPFilter(settings.topP()));
            }
            if (settings.minP() > 0) {
                sampling.add(new MinPFilter(settings.minP()));
            }
            if (settings.typicalP() < 1) {
                sampling.add(new TypicalPFilter(settings.typicalP(), vocabSize));
            }
        }
        this.logitSteps = logit.toArray(SamplerStep[]::new);
        this.samplingSteps = sampling.toArray(SamplerStep[]::new);
    }

    /**
     * The random source for a seed: {@link SplittableRandom}, whose SplitMix64 sequence for a seed has been the
     * same since JDK 8, so a seeded run repeats in any process.
     */
    public static RandomGenerator seededRandom(long seed) {
        return new SplittableRandom(seed);
    }

    public SamplerSettings settings() {
        return settings;
    }

    public int vocabSize() {
        return candidates.vocabSize;
    }

    /** The kinds of the enabled steps, in order: what {@link #explain} will show between RAW and FINAL. */
    public List<StepExplanation.Kind> steps() {
        var kinds = new ArrayList<StepExplanation.Kind>();
        for (var step : logitSteps) {
            kinds.add(step.kind());
        }
        for (var step : samplingSteps) {
            kinds.add(step.kind());
        }
        return List.copyOf(kinds);
    }

    /**
     * Picks the next token. Runs on the caller's thread; allocates nothing.
     *
     * @param logits [vocab] raw logits of the model for the next position; only read, never modified
     * @param history the prompt and the tokens generated so far; its last {@code penaltyWindowTokens} feed the
     *     penalties; only read
     * @param random source of the one {@code nextDouble()} a non-greedy draw takes; untouched when greedy
     * @return the chosen token id
     * @throws InvalidSettingsException when every token's logit is minus infinity (logit bias, or a constraint's
     *     mask applied to {@code logits}); masked tokens are otherwise simply never chosen
     * @throws IllegalArgumentException when the logits have the wrong length or contain NaN, or the history holds
     *     ids outside the vocabulary
     */
    public int sample(float[] logits, TokenHistory history, RandomGenerator random) {
        return run(logits, history, random, StageObserver.NONE);
    }

    /**
     * Does what {@link #sample} does, with the same steps, the same single {@code nextDouble()} and so the same
     * token for the same inputs and random state, and records every stage. Much slower than {@code sample}
     * (it computes each stage's full distribution in double); meant for the UI's "why this token" view.
     *
     * @param shownTokens how many of the most probable tokens each stage keeps (at least 1)
     */
    public StepExplanation explain(float[] logits, TokenHistory history, RandomGenerator random, int shownTokens) {
        var recorder = new ExplanationRecorder(candidates.vocabSize, shownTokens);
        run(logits, history, random, recorder);
        return recorder.explanation();
    }

    private int run(float[] logits, TokenHistory history, RandomGenerator random, StageObserver observer) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(random, "random");
        candidates.reset(logits);
        observer.afterStep(StepExplanation.Kind.RAW, candidates);
        if (window != null) {
            window.load(history);
        }
        try {
            for (var step : logitSteps) {
                step.apply(candidates);
                observer.afterStep(step.kind(), candidates);
            }
        } finally {
            if (window != null) {
                window.clear();
            }
        }
        if (settings.isGreedy()) {
            int best = candidates.best();
            if (candidates.logit[best] == Float.NEGATIVE_INFINITY) {
                throw new InvalidSettingsException(Candidates.NOTHING_LEFT);
            }
            observer.chosen(Double.NaN, best);
            return best;
        }
        for (var step : samplingSteps) {
            step.apply(candidates);
            observer.afterStep(step.kind(), candidates);
        }
        double u = random.nextDouble();
        int chosen = candidates.draw(u);
        observer.chosen(u, chosen);
        return chosen;
    }
}
