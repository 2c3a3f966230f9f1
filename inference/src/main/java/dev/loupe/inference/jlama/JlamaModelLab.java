package dev.loupe.inference.jlama;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.inspect.AttentionMaps;
import dev.loupe.inference.inspect.Inspection;
import dev.loupe.inference.inspect.LensPrediction;
import dev.loupe.inference.inspect.LogitLens;
import dev.loupe.inference.lab.BeamSearchResult;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonListener;
import dev.loupe.inference.lab.ComparisonRun;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.inference.lab.SequenceScore;
import dev.loupe.inference.lab.TokenScore;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.LogitStatistics;
import dev.loupe.inference.sampling.SamplerChain;
import dev.loupe.inference.sampling.StepExplanation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ModelLab} on a {@link JlamaTextGenerator}: every strategy runs through the shared {@link DecodeLoop} (beam
 * search through {@link BeamSearcher}) on {@link Sequence}s, and the logit lens and attention come from Loupe's
 * own {@link dev.loupe.inference.inspect.InspectionPass} over the same weights. Holds no resources of its own.
 */
final class JlamaModelLab implements ModelLab {
    /** Longest prompt the attention view accepts: its weights grow with the square of the length. */
    static final int MAX_INSPECTED_TOKENS = 1024;

    private final JlamaTextGenerator generator;
    private final int vocabSize;
    private volatile JlamaInspection inspection;

    JlamaModelLab(JlamaTextGenerator generator) {
        this.generator = generator;
        this.vocabSize = generator.model().getConfig().vocabularySize;
    }

    @Override
    public ModelInfo info() {
        return generator.info();
    }

    JlamaTextGenerator generator() {
        return generator;
    }

    @Override
    public GenerationResult decode(GenerationRequest request, DecodingStrategy strategy, CancellationToken cancel, TokenListener listener) {
        return switch (strategy) {
            case DecodingStrategy.Sampling s -> generator.generate(request, cancel, listener);
            case DecodingStrategy.ContrastiveSearch c -> contrastive(request, c, cancel, listener);
            case DecodingStrategy.BeamSearch b -> {
                GenerationResult best = beamSearch(request, b, cancel).best();
                replay(best, listener);
                yield best;
            }
        };
    }

    private GenerationResult contrastive(GenerationRequest request, DecodingStrategy.ContrastiveSearch settings, CancellationToken cancel,
                                         TokenListener listener) {
        long start = System.nanoTime();
        int[] prompt = encodeFitting(request.prompt(), request.maxNewTokens());
        generator.lock().lock();
        try (Sequence sequence = new Sequence(generator, true)) {
            long prefillStart = System.nanoTime();
            sequence.prefill(prompt, 0);
            var begin = new DecodeLoop.Start(start, System.nanoTime() - prefillStart, prompt.length, 0);
            try (ContrastiveChooser chooser = new ContrastiveChooser(settings, vocabSize, sequence)) {
                return DecodeLoop.run(generator, sequence, request, chooser, cancel, listener, begin).result();
            }
        } finally {
            generator.lock().unlock();
        }
    }

    /** Hands a finished result to a listener as if it had been streamed. */
    private static void replay(GenerationResult result, TokenListener listener) {
        int streamed = 0;
        for (TokenEvent event : result.tokens()) {
            listener.onToken(event);
            if (!event.text().isEmpty()) {
                listener.onText(event.text());
                streamed += event.text().length();
            }
        }
        if (streamed < result.text().length()) {
            listener.onText(result.text().substring(streamed));
        }
    }

    @Override
    public BeamSearchResult beamSearch(GenerationRequest request, DecodingStrategy.BeamSearch beam, CancellationToken cancel) {
        checkBeamRequest(request);
        long start = System.nanoTime();
        int[] prompt = encodeFitting(request.prompt(), request.maxNewTokens());
        generator.lock().lock();
        try (Sequence root = new Sequence(generator, false)) {
            long prefillStart = System.nanoTime();
            root.prefill(prompt, 0);
            var begin = new DecodeLoop.Start(start, System.nanoTime() - prefillStart, prompt.length, 0);
            return BeamSearcher.search(generator, root, request, beam, cancel, begin);
        } finally {
            generator.lock().unlock();
        }
    }

    private static void checkBeamRequest(GenerationRequest request) {
        if (!request.stopStrings().isEmpty()) {
            throw new InvalidSettingsException("beam search does not support stop strings; remove them or use sampling or contrastive search");
        }
        if (request.constraint() != TokenConstraint.NONE) {
            throw new InvalidSettingsException("beam search does not support constrained output; use sampling or contrastive search with a schema or pattern");
        }
    }

    @Override
    public Branch generateBranch(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
        long start = System.nanoTime();
        int[] prompt = encodeFitting(request.prompt(), request.maxNewTokens());
        SamplerChain chain = new SamplerChain(request.sampler(), vocabSize);
        generator.lock().lock();
        try {
            Sequence sequence = new Sequence(generator, true);
            try {
                long prefillStart = System.nanoTime();
                sequence.prefill(prompt, 0);
                var begin = new DecodeLoop.Start(start, System.nanoTime() - prefillStart, prompt.length, 0);
                var outcome = DecodeLoop.run(generator, sequence, request, new SamplingChooser(chain, request.seed()), cancel, listener, begin);
                return new JlamaBranch(this, sequence, request, prompt.length, outcome);
            } catch (RuntimeException e) {
                sequence.close();
                throw e;
            }
        } finally {
            generator.lock().unlock();
        }
    }

    @Override
    public StepExplanation explainStep(GenerationRequest request, int step, int shownTokens) {
        if (step < 0) {
            throw new InvalidSettingsException("steps count from 0, got " + step);
        }
        if (step >= request.maxNewTokens()) {
            throw new InvalidSettingsException("step " + step + " is beyond the " + request.maxNewTokens() + " tokens the request generates");
        }
        // Generation up to the step is the same whatever the maximum: it only decides when to stop.
        GenerationRequest upToStep = new GenerationRequest(request.prompt(), request.sampler(), request.seed(), step + 1,
                request.stopStrings(), 0, request.constraint());
        try (Branch branch = generateBranch(upToStep, CancellationToken.none(), TokenListener.NONE)) {
            return branch.explainStep(step, shownTokens);
        }
    }

    @Override
    public SequenceScore score(Prompt text, int firstScoredPosition, int topAlternatives) {
        if (topAlternatives < 0 || topAlternatives > GenerationRequest.MAX_TOP_ALTERNATIVES) {
            throw new InvalidSettingsException("scoring lists 0 to " + GenerationRequest.MAX_TOP_ALTERNATIVES + " alternatives per token, got " + topAlternatives);
        }
        int[] ids = generator.encode(text);
        if (ids.length < 2) {
            throw new LoupeException("The text has " + ids.length + " token; scoring needs at least two, so give a longer text.");
        }
        if (firstScoredPosition < 1 || firstScoredPosition >= ids.length) {
            throw new InvalidSettingsException("the first scored position must be between 1 and " + (ids.length - 1) + ", got " + firstScoredPosition);
        }
        if (ids.length > generator.contextTokens()) {
            throw new PromptTooLongException(ids.length, 0, generator.contextTokens());
        }
        float[] logits = new float[vocabSize];
        LogitStatistics stats = new LogitStatistics(vocabSize, Math.min(topAlternatives, vocabSize));
        List<TokenScore> scores = new ArrayList<>(ids.length - firstScoredPosition);
        generator.lock().lock();
        try (Sequence sequence = new Sequence(generator, true)) {
            sequence.prefill(ids, 0);
            for (int p = firstScoredPosition; p < ids.length; p++) {
                sequence.logitsOf(sequence.row(p - 1), logits);
                stats.compute(logits);
                int id = ids[p];
                scores.add(new TokenScore(p, id, generator.tokenText(id), Math.min(0, stats.logProbability(id)), rank(logits, id),
                        stats.entropy(), stats.topTokens(stats.topCount(), generator::tokenText)));
            }
        } finally {
            generator.lock().unlock();
        }
        return SequenceScore.of(ids, scores);
    }

    /** 1 plus the number of tokens with a strictly higher logit. */
    static int rank(float[] logits, int id) {
        float z = logits[id];
        int above = 0;
        for (float other : logits) {
            if (other > z) {
                above++;
            }
        }
        return above + 1;
    }

    @Override
    public Comparison compare(Prompt prompt, List<ComparisonSetting> settings, CancellationToken cancel, ComparisonListener listener) {
        if (settings.isEmpty()) {
            throw new InvalidSettingsException("a comparison needs at least one setting");
        }
        long start = System.nanoTime();
        int longest = settings.stream().mapToInt(ComparisonSetting::maxNewTokens).max().orElseThrow();
        int[] ids = encodeFitting(prompt, longest);
        for (ComparisonSetting s : settings) {
            if (s.strategy() instanceof DecodingStrategy.BeamSearch) {
                checkBeamRequest(s.request(prompt, 0));
            }
            new SamplerChain(s.sampler(), vocabSize); // rejects a bias outside the vocabulary before any work
        }
        List<ComparisonRun> runs = new ArrayList<>();
        double prefillMs;
        generator.lock().lock();
        try (Sequence shared = new Sequence(generator, true)) {
            long prefillStart = System.nanoTime();
            shared.prefill(ids, 0);
            long prefillNanos = System.nanoTime() - prefillStart;
            prefillMs = prefillNanos / 1e6;
            for (int i = 0; i < settings.size() && !cancel.isCancelled(); i++) {
                ComparisonSetting setting = settings.get(i);
                // The prompt is already in the shared sequence; the request keeps its kind, so a chat answer is trimmed as alone.
                GenerationRequest request = setting.request(prompt, ComparisonSetting.TOP_ALTERNATIVES);
                TokenListener tokens = listener.run(i);
                shared.rewind(ids.length);
                // Each run's own clock starts after the shared prefill; the metrics add the prefill back in.
                var begin = new DecodeLoop.Start(System.nanoTime(), i == 0 ? prefillNanos : 0, ids.length, i == 0 ? 0 : ids.length);
                GenerationResult result = switch (setting.strategy()) {
                    case DecodingStrategy.Sampling s -> DecodeLoop.run(generator, shared, request,
                            new SamplingChooser(new SamplerChain(setting.sampler(), vocabSize), setting.seed()), cancel, tokens, begin).result();
                    case DecodingStrategy.ContrastiveSearch c -> {
                        try (ContrastiveChooser chooser = new ContrastiveChooser(c, vocabSize, shared)) {
                            yield DecodeLoop.run(generator, shared, request, chooser, cancel, tokens, begin).result();
                        }
                    }
                    case DecodingStrategy.BeamSearch b -> {
                        GenerationResult best = BeamSearcher.search(generator, shared, request, b, cancel, begin).best();
                        replay(best, tokens);
                        yield best;
                    }
                };
                runs.add(new ComparisonRun(generator.info().name(), setting, result, RunMetrics.of(result, prefillMs)));
            }
        } finally {
            generator.lock().unlock();
        }
        return new Comparison(runs, 1, prefillMs, (System.nanoTime() - start) / 1e6);
    }

    @Override
    public LogitLens logitLens(Prompt prompt, int topCount) {
        if (topCount < 1 || topCount > GenerationRequest.MAX_TOP_ALTERNATIVES) {
            throw new InvalidSettingsException("the lens shows 1 to " + GenerationRequest.MAX_TOP_ALTERNATIVES + " tokens per cell, got " + topCount);
        }
        int[] ids = encodeInspected(prompt);
        generator.lock().lock();
        try (Sequence engine = new Sequence(generator, true)) {
            Inspection inspected = inspection().run(ids, false);
            engine.prefill(ids, 0);
            int layers = inspected.layers();
            int n = ids.length;
            float[] logits = new float[vocabSize];
            LogitStatistics stats = new LogitStatistics(vocabSize, topCount);
            int[] finalIds = new int[n];
            for (int p = 0; p < n; p++) {
                engine.logitsOf(engine.row(p), logits);
                stats.compute(logits);
                finalIds[p] = stats.topId(0);
            }
            List<LensPrediction> predictions = new ArrayList<>((layers + 1) * n);
            for (int layer = 0; layer <= layers; layer++) {
                for (int p = 0; p < n; p++) {
                    // The last layer is the engine's own output; the others come from Loupe's pass over the same weights.
                    float[] row = layer == layers ? engine.row(p) : inspected.residual(layer, p);
                    engine.logitsOf(row, logits);
                    stats.compute(logits);
                    List<TopToken> top = stats.topTokens(topCount, generator::tokenText);
                    float next = p + 1 < n ? (float) stats.probability(ids[p + 1]) : Float.NaN;
                    predictions.add(new LensPrediction(layer, p, top, (float) stats.probability(finalIds[p]), next));
                }
            }
            return new LogitLens(ids, finalIds, layers, predictions);
        } finally {
            generator.lock().unlock();
        }
    }

    @Override
    public AttentionMaps attention(Prompt prompt) {
        int[] ids = encodeInspected(prompt);
        generator.lock().lock();
        try {
            return inspection().run(ids, true).attention().orElseThrow();
        } finally {
            generator.lock().unlock();
        }
    }

    /** Loupe's own pass over this model's weights, built on first use. */
    JlamaInspection inspection() {
        JlamaInspection current = inspection;
        if (current == null) {
            current = JlamaInspection.of(generator);
            inspection = current;
        }
        return current;
    }

    private int[] encodeInspected(Prompt prompt) {
        int[] ids = generator.encode(prompt);
        if (ids.length > generator.contextTokens()) {
            throw new PromptTooLongException(ids.length, 0, generator.contextTokens());
        }
        if (ids.length > MAX_INSPECTED_TOKENS) {
            throw new LoupeException("The prompt has " + ids.length + " tokens but the lens and attention views take at most "
                    + MAX_INSPECTED_TOKENS + "; shorten the prompt.");
        }
        return ids;
    }

    private int[] encodeFitting(Prompt prompt, int maxNewTokens) {
        int[] ids = generator.encode(prompt);
        if (ids.length + maxNewTokens > generator.contextTokens()) {
            throw new PromptTooLongException(ids.length, maxNewTokens, generator.contextTokens());
        }
        return ids;
    }
}
