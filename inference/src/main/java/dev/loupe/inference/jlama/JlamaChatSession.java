package dev.loupe.inference.jlama;

import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.chat.StopStringFilter;
import dev.loupe.inference.sampling.LogitStatistics;
import dev.loupe.inference.sampling.SamplerChain;
import dev.loupe.inference.sampling.TokenHistory;
import dev.loupe.inference.tokenize.StreamingDetokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A KV cache plus the token ids it holds. Each generation reuses the longest common prefix of its prompt with the
 * cached ids and prefills only the rest; attention at a position reads only earlier positions, so entries past the
 * reused prefix are simply overwritten.
 */
final class JlamaChatSession implements ChatSession {
    private final JlamaTextGenerator generator;
    private final KvBufferCache.KvBuffer kv;
    private final int vocabSize;
    private int[] cached = new int[0]; // token ids whose keys and values are in `kv`, positions 0..cached.length-1
    private boolean closed;

    JlamaChatSession(JlamaTextGenerator generator, KvBufferCache.KvBuffer kv) {
        this.generator = generator;
        this.kv = kv;
        this.vocabSize = generator.model().getConfig().vocabularySize;
    }

    @Override
    public int cachedTokens() {
        return cached.length;
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
        var model = generator.model();
        int reused = Math.min(commonPrefix(cached, prompt), prompt.length - 1); // the last prompt token's logits are needed
        cached = Arrays.copyOf(prompt, reused);

        List<TokenEvent> events = new ArrayList<>();
        StopStringFilter stops = new StopStringFilter(request.stopStrings());
        boolean chat = request.prompt() instanceof dev.loupe.inference.Prompt.Chat;
        StringBuilder text = new StringBuilder();
        FinishReason reason = FinishReason.MAX_TOKENS;
        long prefillNanos = 0;
        long firstTokenAt = 0;
        long lastTokenAt = 0;
        long samplingNanos = 0;

        if (cancel.isCancelled()) {
            return result(text, events, FinishReason.CANCELLED, prompt, reused, request, start, 0, 0, 0, 0);
        }

        float[] logits = new float[vocabSize]; // [vocab]
        int k = request.topAlternatives();
        LogitStatistics stats = new LogitStatistics(vocabSize, k);
        SamplerChain chain = new SamplerChain(request.sampler(), vocabSize);
        TokenHistory history = TokenHistory.of(prompt);
        RandomGenerator random = SamplerChain.seededRandom(request.seed());
        TokenConstraint.State constraint = request.constraint().start();
        boolean afterBos = prompt.length == 1 && prompt[0] == generator.bosToken();
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(generator.pieces(), afterBos);

        try (AbstractTensor scratch = model.makeDenseTensor(1, vocabSize)) {
            long prefillStart = System.nanoTime();
            AbstractTensor output = model.batchForward(Arrays.copyOfRange(prompt, reused, prompt.length), reused, kv);
            AbstractTensor hidden = output.slice(output.shape().first() - 1);
            generator.logits(hidden, scratch, logits);
            output.close();
            prefillNanos = System.nanoTime() - prefillStart;
            cached = prompt.clone();

            for (int step = 0; ; step++) {
                if (cancel.isCancelled()) {
                    reason = FinishReason.CANCELLED;
                    break;
                }
                long sampleStart = System.nanoTime();
                stats.compute(logits);
                if (constraint != null) {
                    constraint.mask(logits); // after the statistics: events report the model's own distribution
                }
                int id = chain.sample(logits, history, random);
                if (constraint != null) {
                    constraint.accept(id);
                }
                List<TopToken> top = new ArrayList<>(stats.topCount());
                for (int rank = 0; rank < stats.topCount(); rank++) {
                    top.add(new TopToken(stats.topId(rank), generator.tokenText(stats.topId(rank)), (float) stats.topProbability(rank)));
                }
                boolean stopToken = generator.stopTokens().contains(id);
                // Special tokens (BOS, chat markers) are named in their event but never part of the visible text.
                boolean special = generator.pieces().isSpecial(id);
                String piece = stopToken ? "" : special ? generator.pieces().text(id) : detokenizer.accept(id);
                TokenEvent event = new TokenEvent(step, id, piece, (float) stats.probability(id), (float) stats.logProbability(id), (float) stats.entropy(), top);
                history.add(id);
                samplingNanos += System.nanoTime() - sampleStart;

                lastTokenAt = System.nanoTime();
                if (firstTokenAt == 0) {
                    firstTokenAt = lastTokenAt;
                }
                events.add(event);
                listener.onToken(event);
                if (!special) {
                    emit(stops.accept(piece), text, listener, chat);
                }

                if (stopToken || (constraint != null && constraint.isComplete())) {
                    reason = FinishReason.EOS;
                    break;
                }
                if (stops.stopped()) {
                    reason = FinishReason.STOP_STRING;
                    break;
                }
                if (step + 1 >= request.maxNewTokens()) {
                    reason = FinishReason.MAX_TOKENS;
                    break;
                }
                if (cached.length >= generator.contextTokens()) {
                    reason = FinishReason.CONTEXT_FULL;
                    break;
                }
                AbstractTensor next = model.forward(id, cached.length, kv, java.util.Optional.empty());
                cached = Arrays.copyOf(cached, cached.length + 1);
                cached[cached.length - 1] = id;
                generator.logits(next, scratch, logits);
                next.close();
            }
        } catch (RuntimeException e) {
            // A failed forward pass leaves the cache in an unknown state: forget it rather than reuse it.
            cached = new int[0];
            throw e;
        }
        if (!stops.stopped()) {
            emit(stops.accept(detokenizer.flush()), text, listener, chat);
            emit(stops.stopped() ? "" : stops.flush(), text, listener, chat);
        }
        return result(text, events, reason, prompt, reused, request, start, prefillNanos, firstTokenAt, lastTokenAt, samplingNanos);
    }

    private static void emit(String delta, StringBuilder text, TokenListener listener, boolean trimLeading) {
        if (trimLeading && text.isEmpty()) {
            delta = delta.stripLeading(); // a chat answer starts at its first visible character
        }
        if (!delta.isEmpty()) {
            text.append(delta);
            listener.onText(delta);
        }
    }

    private static GenerationResult result(StringBuilder text, List<TokenEvent> events, FinishReason reason, int[] prompt, int reused,
                                           GenerationRequest request, long start, long prefillNanos, long firstTokenAt,
                                           long lastTokenAt, long samplingNanos) {
        long end = System.nanoTime();
        int prefilled = prompt.length - reused;
        double ttftMs = firstTokenAt == 0 ? 0 : (firstTokenAt - start) / 1e6;
        double prefillTps = prefillNanos == 0 ? 0 : prefilled / (prefillNanos / 1e9);
        double decodeTps = events.size() > 1 && lastTokenAt > firstTokenAt ? (events.size() - 1) / ((lastTokenAt - firstTokenAt) / 1e9) : 0;
        double samplingMs = events.isEmpty() ? 0 : samplingNanos / 1e6 / events.size();
        return new GenerationResult(text.toString(), events, reason, prompt.length, reused, request.seed(), ttftMs, prefillTps,
                decodeTps, samplingMs, (end - start) / 1e6);
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
            kv.close();
        }
    }
}
