package dev.loupe.inference.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link StepExplanation} while the chain runs: after each step it computes the candidates' distribution
 * in double (its own arrays; the candidates' weights are left untouched so the run is the same as without it).
 * Made for one call of {@link SamplerChain#explain}; allocates freely.
 */
final class ExplanationRecorder implements StageObserver {
    private final int shownTokens;
    private double[] previous; // [vocab] probability by id at the previous stage, 0 for non-candidates
    private double[] current;  // [vocab]
    private final List<StepExplanation.Stage> stages = new ArrayList<>();
    private double u = Double.NaN;
    private int chosenId = -1;

    ExplanationRecorder(int vocabSize, int shownTokens) {
        if (shownTokens < 1) {
            throw new IllegalArgumentException("show at least one token per stage, got " + shownTokens);
        }
        this.shownTokens = shownTokens;
        this.previous = new double[vocabSize];
        this.current = new double[vocabSize];
    }

    @Override
    public void afterStep(StepExplanation.Kind kind, Candidates candidates) {
        int n = candidates.size;
        int[] ids = candidates.ids;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, scaled(candidates, ids[i]));
        }
        Arrays.fill(current, 0);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            double s = scaled(candidates, id);
            double e = s == max ? 1 : Math.exp(s - max);
            current[id] = e;
            sum += e;
        }
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            double p = current[id] / sum;
            current[id] = p;
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        double keptMass = 1;
        double cutoff = 0;
        if (kind.filter()) {
            keptMass = 0;
            cutoff = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double p = previous[ids[i]];
                keptMass += p;
                cutoff = Math.min(cutoff, p);
            }
        }
        int[] top = new int[Math.min(shownTokens, n)];
        TopSelection.select(candidates.logit, ids, n, top.length, new int[top.length], top);
        stages.add(new StepExplanation.Stage(kind, n, Math.min(1, keptMass), cutoff, Math.max(0, entropy), tokens(top, current)));
        double[] swap = previous;
        previous = current;
        current = swap;
    }

    @Override
    public void chosen(double u, int tokenId) {
        this.u = u;
        this.chosenId = tokenId;
    }

    /** The explanation, with the final stage: the last distribution, or for greedy all mass on the argmax. */
    StepExplanation explanation() {
        var last = stages.getLast();
        var finalStage = Double.isNaN(u)
                ? new StepExplanation.Stage(StepExplanation.Kind.FINAL, 1, 1, 0, 0,
                        List.of(new StepExplanation.TokenProbability(chosenId, 1)))
                : new StepExplanation.Stage(StepExplanation.Kind.FINAL, last.candidateCount(), 1, 0, last.entropy(), last.top());
        var all = new ArrayList<>(stages);
        all.add(finalStage);
        return new StepExplanation(all, u, chosenId);
    }

    private static double scaled(Candidates candidates, int id) {
        return (double) candidates.logit[id] * candidates.invTemperature;
    }

    private static List<StepExplanation.TokenProbability> tokens(int[] ids, double[] probability) {
        var list = new ArrayList<StepExplanation.TokenProbability>(ids.length);
        for (int id : ids) {
            list.add(new StepExplanation.TokenProbability(id, Math.min(1, probability[id])));
        }
        return list;
    }
}
