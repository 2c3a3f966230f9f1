package dev.loupe.inference.jlama;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerChain;
import dev.loupe.inference.sampling.StepExplanation;
import dev.loupe.inference.sampling.TokenHistory;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A {@link Branch} on a {@link Sequence} that keeps every hidden row. An explanation recomputes the step's logits
 * from the kept row with the very computation the decode loop used ({@link Sequence#logitsOf}), rebuilds the
 * constraint state by replaying the tokens before the step, and skips the random draws taken before it, so the
 * sampler chain sees exactly what it saw.
 */
final class JlamaBranch implements Branch {
    private final JlamaModelLab lab;
    private final JlamaTextGenerator generator;
    private final Sequence sequence; // holds every token but possibly the last generated one (never run)
    private final GenerationRequest request;
    private final int contextTokens;
    private final GenerationResult result;
    private final int[] drawsBefore;
    private final boolean[] sampled;
    private final int[] tokenIds;
    private boolean closed;

    JlamaBranch(JlamaModelLab lab, Sequence sequence, GenerationRequest request, int contextTokens, DecodeLoop.Outcome outcome) {
        this.lab = lab;
        this.generator = lab.generator();
        this.sequence = sequence;
        this.request = request;
        this.contextTokens = contextTokens;
        this.result = outcome.result();
        this.drawsBefore = outcome.drawsBefore();
        this.sampled = outcome.sampled();
        int[] generated = result.tokenIds();
        this.tokenIds = Arrays.copyOf(sequence.ids(), contextTokens + generated.length);
        System.arraycopy(generated, 0, tokenIds, contextTokens, generated.length);
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    @Override
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public GenerationResult result() {
        return result;
    }

    @Override
    public StepExplanation explainStep(int step, int shownTokens) {
        if (step < 0 || step >= result.generatedTokens()) {
            throw new LoupeException("This branch generated " + result.generatedTokens() + " tokens, so there is no step " + step
                    + " to explain; choose one from 0 to " + (result.generatedTokens() - 1) + ".");
        }
        if (!sampled[step]) {
            throw new LoupeException("Step " + step + " of this branch was forced, not drawn by the sampler, so there is nothing to explain; choose a later step.");
        }
        int vocabSize = generator.model().getConfig().vocabularySize;
        int position = contextTokens + step;
        float[] logits = new float[vocabSize]; // [vocab]
        generator.lock().lock();
        try {
            checkOpen();
            sequence.logitsOf(sequence.row(position - 1), logits);
        } finally {
            generator.lock().unlock();
        }
        TokenConstraint.State constraint = request.constraint().start();
        if (constraint != null) {
            for (int p = contextTokens; p < position; p++) {
                constraint.accept(tokenIds[p]);
            }
            constraint.mask(logits);
        }
        RandomGenerator random = SamplerChain.seededRandom(request.seed());
        for (int i = 0; i < drawsBefore[step]; i++) {
            random.nextDouble();
        }
        SamplerChain chain = new SamplerChain(request.sampler(), vocabSize);
        StepExplanation explanation = chain.explain(logits, TokenHistory.of(Arrays.copyOf(tokenIds, position)), random, shownTokens);
        if (explanation.chosenId() != tokenIds[position]) {
            throw new IllegalStateException("replaying step " + step + " chose token " + explanation.chosenId() + " but the generation chose "
                    + tokenIds[position] + "; the replay does not match the generation");
        }
        return explanation;
    }

    @Override
    public Branch fork(int position, int tokenId, GenerationRequest continuation, CancellationToken cancel, TokenListener listener) {
        long start = System.nanoTime();
        if (position < 1 || position > tokenIds.length) {
            throw new InvalidSettingsException("a branch can start at positions 1 to " + tokenIds.length + ", got " + position);
        }
        if (position + continuation.maxNewTokens() > generator.contextTokens()) {
            throw new PromptTooLongException(position, continuation.maxNewTokens(), generator.contextTokens());
        }
        int[] prefix = Arrays.copyOf(tokenIds, position + 1);
        prefix[position] = tokenId;
        GenerationRequest request = continuation.withPrompt(new Prompt.Tokens(prefix));
        SamplerChain chain = new SamplerChain(request.sampler(), generator.model().getConfig().vocabularySize);
        generator.lock().lock();
        try {
            checkOpen();
            if (position > sequence.length()) {
                // The last generated token was never run (nothing needed it until now).
                sequence.append(tokenIds[sequence.length()]);
            }
            Sequence child = sequence.copyPrefix(position);
            try {
                var chooser = new ForcedFirstChooser(tokenId, new SamplingChooser(chain, request.seed()));
                var begin = new DecodeLoop.Start(start, 0, position, position);
                var outcome = DecodeLoop.run(generator, child, request, chooser, cancel, listener, begin);
                return new JlamaBranch(lab, child, request, position, outcome);
            } catch (RuntimeException e) {
                child.close();
                throw e;
            }
        } finally {
            generator.lock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this branch is closed");
        }
    }

    @Override
    public void close() {
        generator.lock().lock();
        try {
            if (!closed) {
                closed = true;
                sequence.close();
            }
        } finally {
            generator.lock().unlock();
        }
    }
}
