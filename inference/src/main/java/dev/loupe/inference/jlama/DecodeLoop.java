package dev.loupe.inference.jlama;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.chat.StopStringFilter;
import dev.loupe.inference.sampling.LogitStatistics;
import dev.loupe.inference.sampling.TokenHistory;
import dev.loupe.inference.tokenize.StreamingDetokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loupe's one decode loop, shared by chat sessions, the lab's strategies and branches: from a sequence whose
 * next-token logits are ready, repeat statistics, constraint mask, choice, event, stop checks and one forward
 * pass. Which token is chosen is the {@link TokenChooser}'s business; everything else is the same for all.
 */
final class DecodeLoop {
    /**
     * How the run began, for its timings.
     *
     * @param startNanos when the caller's call began ({@link System#nanoTime()})
     * @param prefillNanos time spent prefilling for this run (0 when the prompt's cache was shared)
     * @param promptTokens tokens before the first generated one
     * @param reusedPromptTokens of those, how many came from a cache rather than a prefill
     */
    record Start(long startNanos, long prefillNanos, int promptTokens, int reusedPromptTokens) {}

    /**
     * A finished run.
     *
     * @param drawsBefore [generated tokens] random draws the chooser had taken before each step
     * @param sampled [generated tokens] whether each token came from the sampler chain
     */
    record Outcome(GenerationResult result, int[] drawsBefore, boolean[] sampled) {}

    private DecodeLoop() {}

    /**
     * Generates from the end of {@code sequence}, appending every token but the last to it (the last one's
     * forward pass is only needed by whoever continues).
     *
     * @throws RuntimeException from the model, the chooser or the listener; the sequence is then in an unknown
     *     state past its length at the call
     */
    static Outcome run(JlamaTextGenerator generator, Sequence sequence, GenerationRequest request, TokenChooser chooser,
                       CancellationToken cancel, TokenListener listener, Start start) {
        int vocabSize = generator.model().getConfig().vocabularySize;
        List<TokenEvent> events = new ArrayList<>();
        int[] drawsBefore = new int[request.maxNewTokens()];
        boolean[] sampled = new boolean[request.maxNewTokens()];
        StopStringFilter stops = new StopStringFilter(request.stopStrings());
        boolean chat = request.prompt() instanceof dev.loupe.inference.Prompt.Chat;
        StringBuilder text = new StringBuilder();
        FinishReason reason = FinishReason.MAX_TOKENS;
        long firstTokenAt = 0;
        long lastTokenAt = 0;
        long samplingNanos = 0;

        float[] logits = new float[vocabSize]; // [vocab] the working copy the constraint may mask
        LogitStatistics stats = new LogitStatistics(vocabSize, request.topAlternatives());
        TokenHistory history = TokenHistory.of(sequence.ids());
        TokenConstraint.State constraint = request.constraint().start();
        boolean afterBos = sequence.length() == 1 && sequence.id(0) == generator.bosToken();
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(generator.pieces(), afterBos);

        for (int step = 0; ; step++) {
            if (cancel.isCancelled()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            float[] raw = sequence.logits(); // the output head runs here, lazily: model time, not sampling time
            long sampleStart = System.nanoTime();
            System.arraycopy(raw, 0, logits, 0, vocabSize);
            stats.compute(logits);
            if (constraint != null) {
                constraint.mask(logits); // after the statistics: events report the model's own distribution
            }
            drawsBefore[step] = chooser.draws();
            long chooseStart = System.nanoTime();
            int id = chooser.choose(logits, history, sequence);
            long chooseNanos = System.nanoTime() - chooseStart;
            sampled[step] = chooser.sampledLast();
            if (constraint != null) {
                constraint.accept(id);
            }
            List<TopToken> top = stats.topTokens(stats.topCount(), generator::tokenText);
            boolean stopToken = generator.stopTokens().contains(id);
            // Special tokens (BOS, chat markers) are named in their event but never part of the visible text.
            boolean special = generator.pieces().isSpecial(id);
            String piece = stopToken ? "" : special ? generator.pieces().text(id) : detokenizer.accept(id);
            TokenEvent event = new TokenEvent(step, id, piece, (float) stats.probability(id), (float) stats.logProbability(id), (float) stats.entropy(), top);
            history.add(id);
            // Forward passes a chooser runs (contrastive search) are model time, not sampling time.
            samplingNanos += System.nanoTime() - sampleStart - (sequence.hasStaged() ? chooseNanos : 0);

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
            if (sequence.length() >= generator.contextTokens()) {
                reason = FinishReason.CONTEXT_FULL;
                break;
            }
            sequence.append(id);
        }
        if (!stops.stopped()) {
            emit(stops.accept(detokenizer.flush()), text, listener, chat);
            emit(stops.stopped() ? "" : stops.flush(), text, listener, chat);
        }
        GenerationResult result = result(text, events, reason, request, start, firstTokenAt, lastTokenAt, samplingNanos);
        int n = events.size();
        return new Outcome(result, Arrays.copyOf(drawsBefore, n), Arrays.copyOf(sampled, n));
    }

    /** A result for a run that ended before its first token (cancelled before it began). */
    static GenerationResult empty(FinishReason reason, GenerationRequest request, Start start) {
        return result(new StringBuilder(), List.of(), reason, request, start, 0, 0, 0);
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

    private static GenerationResult result(StringBuilder text, List<TokenEvent> events, FinishReason reason, GenerationRequest request,
                                           Start start, long firstTokenAt, long lastTokenAt, long samplingNanos) {
        long end = System.nanoTime();
        int prefilled = start.promptTokens() - start.reusedPromptTokens();
        double ttftMs = firstTokenAt == 0 ? 0 : (firstTokenAt - start.startNanos()) / 1e6;
        double prefillTps = start.prefillNanos() == 0 ? 0 : prefilled / (start.prefillNanos() / 1e9);
        double decodeTps = events.size() > 1 && lastTokenAt > firstTokenAt ? (events.size() - 1) / ((lastTokenAt - firstTokenAt) / 1e9) : 0;
        double samplingMs = events.isEmpty() ? 0 : samplingNanos / 1e6 / events.size();
        return new GenerationResult(text.toString(), events, reason, start.promptTokens(), start.reusedPromptTokens(), request.seed(),
                ttftMs, prefillTps, decodeTps, samplingMs, (end - start.startNanos()) / 1e6);
    }
}
