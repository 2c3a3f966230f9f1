package dev.loupe.inference.jlama;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.lab.Beam;
import dev.loupe.inference.lab.BeamSearchResult;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.sampling.LogitStatistics;
import dev.loupe.inference.tokenize.StreamingDetokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Beam search over Jlama sequences, one KV cache per live beam. Each step every beam proposes its {@code 2 * width}
 * most probable tokens (ties: lower id); candidates are ranked by total log-probability (ties: earlier beam, then
 * its own order); an end-of-sequence token among the first {@code width} finishes a hypothesis, and the first
 * {@code width} others live on. A beam's first child continues in the beam's own cache; further children get a
 * copy of it (keys and values copied, nothing computed), into the cache of a beam that died when there is one.
 *
 * <p>The root sequence (the prefilled prompt) is extended by at most one child and never reused for another
 * beam, so its prompt positions stay intact for whoever rewinds it; every other sequence is closed at the end.
 */
final class BeamSearcher {
    /** A generated token in a beam's history, linked to its predecessor: beams share their common past. */
    private record Node(Node parent, int id, float prob, float logprob, float entropy, List<TopToken> top, int length) {}

    private record Candidate(int beam, int id, double sum, float prob, float logprob, float entropy, List<TopToken> top) {}

    private record Hypothesis(Node node, double logProbability, double score, FinishReason reason) {}

    private static final class Live {
        final Sequence sequence;
        final Node node;
        final double sum;
        boolean continued;

        Live(Sequence sequence, Node node, double sum) {
            this.sequence = sequence;
            this.node = node;
            this.sum = sum;
        }
    }

    private BeamSearcher() {}

    static BeamSearchResult search(JlamaTextGenerator generator, Sequence root, GenerationRequest request, DecodingStrategy.BeamSearch beam,
                                   CancellationToken cancel, DecodeLoop.Start start) {
        int vocabSize = generator.model().getConfig().vocabularySize;
        int width = beam.width();
        int perBeam = Math.min(vocabSize, 2 * width);
        LogitStatistics stats = new LogitStatistics(vocabSize, Math.max(perBeam, request.topAlternatives()));
        List<Live> live = new ArrayList<>(List.of(new Live(root, null, 0)));
        List<Hypothesis> finished = new ArrayList<>();
        Deque<Sequence> spare = new ArrayDeque<>();
        List<Sequence> owned = new ArrayList<>();
        FinishReason openReason = null; // why live beams ended without end-of-sequence, if they did
        int promptLength = root.length();
        try {
            for (int step = 0; ; step++) {
                if (cancel.isCancelled()) {
                    openReason = FinishReason.CANCELLED;
                    break;
                }
                List<Candidate> candidates = new ArrayList<>(live.size() * perBeam);
                for (int b = 0; b < live.size(); b++) {
                    Live parent = live.get(b);
                    stats.compute(parent.sequence.logits());
                    List<TopToken> top = stats.topTokens(request.topAlternatives(), generator::tokenText);
                    for (int rank = 0; rank < perBeam; rank++) {
                        int id = stats.topId(rank);
                        double logprob = stats.logProbability(id);
                        candidates.add(new Candidate(b, id, parent.sum + logprob, (float) stats.probability(id), (float) logprob,
                                (float) stats.entropy(), top));
                    }
                }
                // Stable: equal sums keep the order of beams and, within a beam, of logits.
                candidates.sort(Comparator.comparingDouble(Candidate::sum).reversed());
                List<Candidate> next = new ArrayList<>(width);
                for (int rank = 0; rank < candidates.size() && next.size() < width; rank++) {
                    Candidate c = candidates.get(rank);
                    if (generator.stopTokens().contains(c.id())) {
                        if (rank < width) {
                            Node node = node(live.get(c.beam()).node, c);
                            finished.add(new Hypothesis(node, c.sum(), normalised(c.sum(), node.length(), beam.lengthPenalty()), FinishReason.EOS));
                        }
                        continue;
                    }
                    next.add(c);
                }
                int generated = step + 1;
                if (next.isEmpty() || done(finished, next, generated, beam)) {
                    live = List.of();
                    break;
                }
                List<Live> nextLive = new ArrayList<>(next.size());
                for (Candidate c : next) {
                    nextLive.add(new Live(null, node(live.get(c.beam()).node, c), c.sum()));
                }
                if (generated >= request.maxNewTokens() || promptLength + step >= generator.contextTokens()) {
                    live = nextLive;
                    openReason = generated >= request.maxNewTokens() ? FinishReason.MAX_TOKENS : FinishReason.CONTEXT_FULL;
                    break;
                }
                live = advance(generator, live, next, root, spare, owned);
            }
            if (openReason != null) {
                for (Live open : live) {
                    if (open.node != null) {
                        finished.add(new Hypothesis(open.node, open.sum, normalised(open.sum, open.node.length(), beam.lengthPenalty()), openReason));
                    }
                }
            }
        } finally {
            for (Sequence s : owned) {
                s.close();
            }
        }
        finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        List<Beam> beams = new ArrayList<>();
        for (int i = 0; i < Math.min(beam.sequences(), finished.size()); i++) {
            beams.add(materialise(generator, root, start.promptTokens(), finished.get(i)));
        }
        if (beams.isEmpty()) {
            // Cancelled before the first step: nothing was generated.
            GenerationResult empty = DecodeLoop.empty(FinishReason.CANCELLED, request, start);
            return new BeamSearchResult(List.of(new Beam(new int[0], "", List.of(), 0, 0, FinishReason.CANCELLED)), empty);
        }
        Beam best = beams.getFirst();
        long end = System.nanoTime();
        double totalMs = (end - start.startNanos()) / 1e6;
        int prefilled = start.promptTokens() - start.reusedPromptTokens();
        double prefillTps = start.prefillNanos() == 0 ? 0 : prefilled / (start.prefillNanos() / 1e9);
        double decodeSeconds = (end - start.startNanos() - start.prefillNanos()) / 1e9;
        double decodeTps = best.tokens().size() > 1 ? (best.tokens().size() - 1) / decodeSeconds : 0;
        GenerationResult result = new GenerationResult(best.text(), best.tokens(), best.finishReason(), start.promptTokens(),
                start.reusedPromptTokens(), request.seed(), totalMs, prefillTps, decodeTps, 0, totalMs);
        return new BeamSearchResult(beams, result);
    }

    /**
     * Gives every selected candidate a sequence holding its parent's tokens, then runs the candidate's token in it.
     * Copies are made before any parent is extended.
     */
    private static List<Live> advance(JlamaTextGenerator generator, List<Live> live, List<Candidate> next, Sequence root,
                                      Deque<Sequence> spare, List<Sequence> owned) {
        Sequence[] assigned = new Sequence[next.size()];
        boolean[] taken = new boolean[live.size()];
        for (int i = 0; i < next.size(); i++) {
            int b = next.get(i).beam();
            if (!taken[b]) {
                taken[b] = true;
                assigned[i] = live.get(b).sequence;
            }
        }
        for (int b = 0; b < live.size(); b++) {
            Sequence s = live.get(b).sequence;
            if (!taken[b] && s != root) {
                spare.push(s);
            }
        }
        for (int i = 0; i < next.size(); i++) {
            if (assigned[i] == null) {
                Sequence parent = live.get(next.get(i).beam()).sequence;
                Sequence copy = spare.isEmpty() ? null : spare.pop();
                if (copy == null) {
                    copy = parent.copyPrefix(parent.length());
                    owned.add(copy);
                } else {
                    parent.copyPrefixInto(copy, parent.length());
                }
                assigned[i] = copy;
            }
        }
        List<Live> result = new ArrayList<>(next.size());
        for (int i = 0; i < next.size(); i++) {
            Candidate c = next.get(i);
            assigned[i].append(c.id());
            result.add(new Live(assigned[i], node(live.get(c.beam()).node, c), c.sum()));
        }
        return result;
    }

    /**
     * Hugging Face's stopping rule: {@code width} hypotheses finished and, without early stopping, the best live
     * beam at its current length cannot beat the worst of the best {@code width} finished.
     */
    private static boolean done(List<Hypothesis> finished, List<Candidate> next, int generated, DecodingStrategy.BeamSearch beam) {
        if (finished.size() < beam.width()) {
            return false;
        }
        if (beam.earlyStopping()) {
            return true;
        }
        List<Double> scores = new ArrayList<>();
        for (Hypothesis h : finished) {
            scores.add(h.score());
        }
        scores.sort(Comparator.reverseOrder());
        double worstKept = scores.get(beam.width() - 1);
        double bestLive = normalised(next.getFirst().sum(), generated, beam.lengthPenalty());
        return worstKept >= bestLive;
    }

    static double normalised(double logProbability, int length, double lengthPenalty) {
        return logProbability / Math.pow(length, lengthPenalty);
    }

    private static Node node(Node parent, Candidate c) {
        return new Node(parent, c.id(), c.prob(), c.logprob(), c.entropy(), c.top(), parent == null ? 1 : parent.length() + 1);
    }

    /** Token events of a hypothesis with their text, as the decode loop would have reported them. */
    private static Beam materialise(JlamaTextGenerator generator, Sequence root, int promptTokens, Hypothesis h) {
        Node[] nodes = new Node[h.node().length()];
        for (Node n = h.node(); n != null; n = n.parent()) {
            nodes[n.length() - 1] = n;
        }
        boolean afterBos = promptTokens == 1 && root.id(0) == generator.bosToken();
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(generator.pieces(), afterBos);
        StringBuilder text = new StringBuilder();
        List<TokenEvent> events = new ArrayList<>(nodes.length);
        int[] ids = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            Node n = nodes[i];
            ids[i] = n.id();
            String piece = generator.stopTokens().contains(n.id()) ? "" : detokenizer.accept(n.id());
            text.append(piece);
            events.add(new TokenEvent(i, n.id(), piece, n.prob(), n.logprob(), n.entropy(), n.top()));
        }
        text.append(detokenizer.flush());
        return new Beam(ids, text.toString(), events, h.logProbability(), h.score(), h.reason());
    }
}
