package dev.loupe.inference.reference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Beam search and contrastive search written out as plainly as possible over {@link NaiveLlama}, as references
 * for the engine's strategies: no caches shared between beams (each beam's whole sequence is fed again at every
 * step), every vocabulary entry a candidate, sums in double.
 */
public final class NaiveDecoding {
    private NaiveDecoding() {}

    /** A finished beam: generated ids, total log-probability, length-normalised score. */
    public record Hypothesis(List<Integer> ids, double logProbability, double score) {}

    private record Open(List<Integer> ids, double sum) {}

    private record Extension(int beam, int id, double logProbability, double sum) {}

    /**
     * Hugging Face's beam search: each step ranks every extension of every beam by total log-probability; an
     * end token among the first {@code width} finishes a hypothesis scored {@code sum / length^lengthPenalty},
     * the first {@code width} other extensions live on; with early stopping it ends when {@code width}
     * hypotheses are finished, otherwise when the best live beam at its length cannot beat the worst of them.
     */
    public static List<Hypothesis> beamSearch(NaiveLlama model, int[] prompt, int width, double lengthPenalty, boolean earlyStopping,
                                              int maxNewTokens, Set<Integer> endTokens) {
        List<Open> beams = List.of(new Open(List.of(), 0));
        List<Hypothesis> finished = new ArrayList<>();
        float[] promptLogits = run(model, prompt, List.of(), null);
        boolean done = false;
        for (int step = 0; step < maxNewTokens && !done; step++) {
            List<Extension> all = new ArrayList<>();
            for (int b = 0; b < beams.size(); b++) {
                double[] logProbabilities = logSoftmax(run(model, prompt, beams.get(b).ids(), promptLogits));
                for (int id = 0; id < logProbabilities.length; id++) {
                    all.add(new Extension(b, id, logProbabilities[id], beams.get(b).sum() + logProbabilities[id]));
                }
            }
            all.sort(Comparator.comparingDouble(Extension::sum).reversed()
                    .thenComparingInt(Extension::beam)
                    .thenComparing(Comparator.comparingDouble(Extension::logProbability).reversed())
                    .thenComparingInt(Extension::id));
            List<Open> next = new ArrayList<>();
            for (int rank = 0; rank < all.size() && next.size() < width; rank++) {
                Extension e = all.get(rank);
                List<Integer> ids = new ArrayList<>(beams.get(e.beam()).ids());
                ids.add(e.id());
                if (endTokens.contains(e.id())) {
                    if (rank < width) {
                        finished.add(new Hypothesis(ids, e.sum(), e.sum() / Math.pow(ids.size(), lengthPenalty)));
                    }
                } else {
                    next.add(new Open(ids, e.sum()));
                }
            }
            if (finished.size() >= width) {
                if (earlyStopping) {
                    done = true;
                } else {
                    List<Double> scores = finished.stream().map(Hypothesis::score).sorted(Comparator.reverseOrder()).toList();
                    done = scores.get(width - 1) >= next.getFirst().sum() / Math.pow(step + 1, lengthPenalty);
                }
            }
            beams = next;
        }
        if (!done) {
            for (Open open : beams) {
                finished.add(new Hypothesis(open.ids(), open.sum(), open.sum() / Math.pow(open.ids().size(), lengthPenalty)));
            }
        }
        finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return finished;
    }

    /**
     * Contrastive search: among the {@code topK} most probable next tokens (ties: lower id), the one with the best
     * {@code (1 - alpha) * p - alpha * max cosine(its final residual, each earlier position's final residual)}.
     * Stops after an end token or {@code maxNewTokens}.
     */
    public static List<Integer> contrastive(NaiveLlama model, int[] prompt, double alpha, int topK, int maxNewTokens, Set<Integer> endTokens) {
        model.reset();
        List<float[]> history = new ArrayList<>(); // final residual of every fed position
        float[] logits = null;
        for (int id : prompt) {
            logits = model.nextLogits(id);
            history.add(model.lastResidual());
        }
        List<Integer> out = new ArrayList<>();
        for (int step = 0; step < maxNewTokens; step++) {
            float[] probabilities = NaiveLlama.softmax(logits);
            Integer[] order = new Integer[probabilities.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            float[] z = logits;
            java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -z[i]).thenComparingInt(i -> i));
            int position = model.position();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < topK; c++) {
                int id = order[c];
                model.nextLogits(id);
                float[] residual = model.lastResidual();
                model.rewind(position);
                double similarity = Double.NEGATIVE_INFINITY;
                for (float[] earlier : history) {
                    similarity = Math.max(similarity, cosine(residual, earlier));
                }
                double score = (1 - alpha) * probabilities[id] - alpha * similarity;
                if (score > bestScore) {
                    bestScore = score;
                    best = id;
                }
            }
            out.add(best);
            if (endTokens.contains(best)) {
                break;
            }
            logits = model.nextLogits(best);
            history.add(model.lastResidual());
        }
        return out;
    }

    /**
     * Logits after {@code prompt} and {@code generated}. With {@code promptLogits} the model is taken to hold the
     * prompt already (its keys and values stay valid when rewound to the prompt's end), so only the generated
     * tokens are fed again.
     */
    private static float[] run(NaiveLlama model, int[] prompt, List<Integer> generated, float[] promptLogits) {
        float[] logits = promptLogits;
        if (promptLogits == null) {
            model.reset();
            for (int id : prompt) {
                logits = model.nextLogits(id);
            }
        } else {
            model.rewind(prompt.length);
        }
        for (int id : generated) {
            logits = model.nextLogits(id);
        }
        return logits;
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double logSum = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - logSum;
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
