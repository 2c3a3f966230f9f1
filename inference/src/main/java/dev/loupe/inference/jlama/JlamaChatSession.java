package dev.loupe.inference.jlama;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.SamplerChain;

/**
 * A sequence kept between generations. Each generation reuses the longest common prefix of its prompt with the
 * cached ids and prefills only the rest; attention at a position reads only earlier positions, so entries past the
 * reused prefix are simply overwritten. Decoding itself is the shared {@link DecodeLoop}.
 */
final class JlamaChatSession implements ChatSession {
    private final JlamaTextGenerator generator;
    private final Sequence sequence;
    private boolean closed;

    JlamaChatSession(JlamaTextGenerator generator) {
        this.generator = generator;
        this.sequence = new Sequence(generator, false);
    }

    @Override
    public int cachedTokens() {
        return sequence.length();
    }

    @Override
    public GenerationResult generate(GenerationRequest request, CancellationToken cancel, TokenListener listener) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        long start = System.nanoTime();
        int[] prompt = generator.encode(request.prompt());
        int context = generator.contextTokens();
        if (prompt.length + request.maxNewTokens() > context) {
            throw new PromptTooLongException(prompt.length, request.maxNewTokens(), context);
        }
        generator.lock().lock();
        try {
            return decode(prompt, request, cancel, listener, start);
        } finally {
            generator.lock().unlock();
        }
    }

    private GenerationResult decode(int[] prompt, GenerationRequest request, CancellationToken cancel, TokenListener listener, long start) {
        // The last prompt token is always run again: its logits are needed.
        int reused = Math.min(commonPrefix(sequence.ids(), prompt), prompt.length - 1);
        sequence.rewind(reused);
        if (cancel.isCancelled()) {
            return DecodeLoop.empty(FinishReason.CANCELLED, request, new DecodeLoop.Start(start, 0, prompt.length, reused));
        }
        SamplerChain chain = new SamplerChain(request.sampler(), generator.model().getConfig().vocabularySize);
        try {
            long prefillStart = System.nanoTime();
            sequence.prefill(prompt, reused);
            long prefillNanos = System.nanoTime() - prefillStart;
            var begin = new DecodeLoop.Start(start, prefillNanos, prompt.length, reused);
            return DecodeLoop.run(generator, sequence, request, new SamplingChooser(chain, request.seed()), cancel, listener, begin).result();
        } catch (RuntimeException e) {
            // A failed forward pass leaves the cache in an unknown state: forget it rather than reuse it.
            sequence.rewind(0);
            throw e;
        }
    }

    static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            sequence.close();
        }
    }
}
