package dev.loupe.inference.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The obvious implementation of every sampler step, to check the optimised ones against: full sorts, boxed
 * collections, double precision, no cleverness. A distribution is a map from token id to probability, iterated
 * most probable first (ties: lower id).
 */
final class NaiveSampler {
    private NaiveSampler() {
    }

    /** Penalties then bias, each computed in double and stored as float, as the chain specifies. */
    static float[] penalised(float[] logits, int[] history, SamplerSettings settings) {
        float[] z = logits.clone();
        int start = settings.penaltyWindowTokens() == 0 ? 0 : Math.max(0, history.length - settings.penaltyWindowTokens());
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int i = start; i < history.length; i++) {
            counts.merge(history[i], 1, Integer::sum);
        }
        if (settings.repetitionPenalty() != 1) {
            for (int id : counts.keySet()) {
                double v = z[id];
                z[id] = (float) (v > 0 ? v / settings.repetitionPenalty() : v * settings.repetitionPenalty());
            }
        }
        if (settings.frequencyPenalty() != 0) {
            for (var e : counts.entrySet()) {
                z[e.getKey()] = (float) (z[e.getKey()] - e.getValue() * settings.frequencyPenalty());
            }
        }
        if (settings.presencePenalty() != 0) {
            for (int id : counts.keySet()) {
                z[id] = (float) (z[id] - settings.presencePenalty());
            }
        }
        for (var e : settings.logitBias().entrySet()) {
            z[e.getKey()] = (float) ((double) z[e.getKey()] + e.getValue());
        }
        return z;
    }

    static List<Integer> all(int n) {
        var ids = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** Ids sorted most probable first: logit descending, then id ascending. */
    static List<Integer> canonical(List<Integer> ids, float[] logits) {
        var sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.<Integer>comparingDouble(id -> -logits[id]).thenComparingInt(id -> id));
        return sorted;
    }

    /** Softmax of logit / temperature over the given ids, in canonical order. */
    static LinkedHashMap<Integer, Double> softmax(List<Integer> ids, float[] logits, double temperature) {
        var sorted = canonical(ids, logits);
        double max = Double.NEGATIVE_INFINITY;
        for (int id : sorted) {
            max = Math.max(max, logits[id] / temperature);
        }
        double sum = 0;
        var result = new LinkedHashMap<Integer, Double>();
        for (int id : sorted) {
            double e = Math.exp(logits[id] / temperature - max);
            result.put(id, e);
            sum += e;
        }
        for (var e : result.entrySet()) {
            e.setValue(e.getValue() / sum);
        }
        return result;
    }

    static List<Integer> topK(List<Integer> ids, float[] logits, int k) {
        var sorted = canonical(ids, logits);
        return new ArrayList<>(sorted.subList(0, Math.min(k, sorted.size())));
    }

    static List<Integer> topP(List<Integer> ids, float[] logits, double temperature, double p) {
        var kept = new ArrayList<Integer>();
        double cumulative = 0;
        for (var e : softmax(ids, logits, temperature).entrySet()) {
            kept.add(e.getKey());
            cumulative += e.getValue();
            if (cumulative >= p) {
                break;
            }
        }
        return kept;
    }

    static List<Integer> minP(List<Integer> ids, float[] logits, double temperature, double minP) {
        var probs = softmax(ids, logits, temperature);
        double max = probs.values().iterator().next();
        var kept = new ArrayList<Integer>();
        for (var e : probs.entrySet()) {
            if (e.getValue() >= minP * max) {
                kept.add(e.getKey());
            }
        }
        return kept;
    }

    static List<Integer> typical(List<Integer> ids, float[] logits, double temperature, double p) {
        var probs = softmax(ids, logits, temperature);
        double entropy = 0;
        for (double q : probs.values()) {
            if (q > 0) {
                entropy -= q * Math.log(q);
            }
        }
        Map<Integer, Double> score = new HashMap<>();
        for (var e : probs.entrySet()) {
            score.put(e.getKey(), e.getValue() > 0 ? Math.abs(-Math.log(e.getValue()) - entropy) : Double.POSITIVE_INFINITY);
        }
        var sorted = new ArrayList<>(probs.keySet());
        sorted.sort(Comparator.<Integer>comparingDouble(score::get).thenComparingInt(id -> id));
        var kept = new ArrayList<Integer>();
        double cumulative = 0;
        for (int id : sorted) {
            kept.add(id);
            cumulative += probs.get(id);
            if (cumulative >= p) {
                break;
            }
        }
        return kept;
    }

    /** The first id, most probable first, at which the cumulative probability exceeds u. */
    static int draw(List<Integer> ids, float[] logits, double temperature, double u) {
        double cumulative = 0;
        int lastPositive = -1;
        for (var e : softmax(ids, logits, temperature).entrySet()) {
            cumulative += e.getValue();
            if (e.getValue() > 0) {
                lastPositive = e.getKey();
            }
            if (cumulative > u) {
                return e.getKey();
            }
        }
        return lastPositive;
    }

    /** The candidates the whole chain keeps before the draw. */
    static List<Integer> filtered(float[] penalised, SamplerSettings s) {
        List<Integer> ids = all(penalised.length);
        double t = s.temperature();
        if (s.topK() > 0) {
            ids = topK(ids, penalised, s.topK());
        }
        if (s.topP() < 1) {
            ids = topP(ids, penalised, t, s.topP());
        }
        if (s.minP() > 0) {
            ids = minP(ids, penalised, t, s.minP());
        }
        if (s.typicalP() < 1) {
            ids = typical(ids, penalised, t, s.typicalP());
        }
        return ids;
    }

    /** The whole chain: greedy argmax for temperature 0, else the draw with {@code u}. */
    static int sample(float[] logits, int[] history, SamplerSettings s, double u) {
        float[] z = penalised(logits, history, s);
        if (s.isGreedy()) {
            return canonical(all(z.length), z).getFirst();
        }
        return draw(filtered(z, s), z, s.temperature(), u);
    }
}
