package dev.loupe.inference.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * One prompt under several settings (and models).
 *
 * @param runs every run, in the order asked for
 * @param prefills how many times a prompt was prefilled: once per model, however many settings
 * @param prefillMillis time spent in those prefills, in ms
 * @param totalMillis wall time of the whole comparison, in ms
 */
public record Comparison(List<ComparisonRun> runs, int prefills, double prefillMillis, double totalMillis) {
    public Comparison {
        runs = List.copyOf(runs);
    }

    /** The comparisons of several models, one after the other, as one. */
    public static Comparison merge(List<Comparison> parts) {
        List<ComparisonRun> runs = new ArrayList<>();
        int prefills = 0;
        double prefill = 0;
        double total = 0;
        for (Comparison part : parts) {
            runs.addAll(part.runs());
            prefills += part.prefills();
            prefill += part.prefillMillis();
            total += part.totalMillis();
        }
        return new Comparison(runs, prefills, prefill, total);
    }
}
