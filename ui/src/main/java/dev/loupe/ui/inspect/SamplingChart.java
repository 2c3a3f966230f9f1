package dev.loupe.ui.inspect;

import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.sampling.StepExplanation;
import dev.loupe.inference.sampling.StepExplanation.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What the sampling chart draws for one step, read from the sampler chain's own {@link StepExplanation}: the most
 * probable tokens before the filters (after penalties and temperature) with their raw probability beside, which of
 * them the filters kept, where each filter cut, and the token drawn. Pure data; any thread.
 *
 * @param request the request that was explained (its last prompt token is the step's context)
 * @param bars the most probable tokens before the filters, most probable first
 * @param cuts one per enabled filter, in chain order
 * @param finalCandidates how many tokens the draw chose from
 * @param chosenId the token the sampler drew
 * @param chosenText its text
 * @param answerId the token the inspected answer has at this step (which an earlier draw of the seed chose)
 * @param u the uniform number of the draw; NaN when decoding was greedy
 */
public record SamplingChart(GenerationRequest request, List<Bar> bars, List<Cut> cuts, int finalCandidates, int chosenId, String chosenText,
                            int answerId, double u) {
    public SamplingChart {
        Objects.requireNonNull(request, "request");
        bars = List.copyOf(bars);
        cuts = List.copyOf(cuts);
    }

    /**
     * One token on the chart.
     *
     * @param raw probability under the model's own distribution (temperature 1); NaN when it is not among the raw
     *     stage's listed tokens
     * @param scaled probability after penalties, bias and temperature, before any filter
     * @param kept whether it survived every filter
     * @param chosen whether the draw picked it
     * @param answer whether it is the inspected answer's token at this step
     */
    public record Bar(int id, String text, double raw, double scaled, boolean kept, boolean chosen, boolean answer) {}

    /**
     * Where one filter cut.
     *
     * @param keptCount candidates left after it; on the chart, the line goes after this many bars
     * @param keptMass probability the kept tokens had before it
     * @param label what the chart writes at the line: "top-p 0.90 · 12 kept"
     */
    public record Cut(Kind kind, int keptCount, double keptMass, String label) {}

    /** The temperature the step was explained with. */
    public double temperature() {
        return request.sampler().temperature();
    }

    public boolean greedy() {
        return Double.isNaN(u);
    }

    /** The cut of {@code kind}, or null when that filter was off. */
    public Cut cut(Kind kind) {
        return cuts.stream().filter(c -> c.kind() == kind).findFirst().orElse(null);
    }

    /** Reads {@code explanation} of {@code request} at a step where the answer has {@code answerId}; {@code tokenText} names token ids. */
    public static SamplingChart of(GenerationRequest request, StepExplanation explanation, int answerId, IntFunction<String> tokenText) {
        StepExplanation.Stage raw = explanation.stages().getFirst();
        StepExplanation.Stage beforeFilters = raw;
        for (StepExplanation.Stage stage : explanation.stages()) {
            if (stage.kind().filter() || stage.kind() == Kind.FINAL) {
                break;
            }
            beforeFilters = stage;
        }
        Map<Integer, Double> rawProbability = new HashMap<>();
        raw.top().forEach(t -> rawProbability.put(t.id(), t.probability()));
        StepExplanation.Stage last = explanation.stages().getLast();
        Set<Integer> kept = new HashSet<>();
        last.top().forEach(t -> kept.add(t.id()));
        List<Bar> bars = new ArrayList<>();
        for (StepExplanation.TokenProbability t : beforeFilters.top()) {
            bars.add(new Bar(t.id(), tokenText.apply(t.id()), rawProbability.getOrDefault(t.id(), Double.NaN), t.probability(),
                    kept.contains(t.id()), t.id() == explanation.chosenId(), t.id() == answerId));
        }
        SamplerSettings s = request.sampler();
        List<Cut> cuts = new ArrayList<>();
        for (StepExplanation.Stage stage : explanation.stages()) {
            if (stage.kind().filter()) {
                String setting = switch (stage.kind()) {
                    case TOP_K -> "top-k " + s.topK();
                    case TOP_P -> String.format(Locale.ROOT, "top-p %.2f", s.topP());
                    case MIN_P -> String.format(Locale.ROOT, "min-p %.2f", s.minP());
                    case TYPICAL_P -> String.format(Locale.ROOT, "typical-p %.2f", s.typicalP());
                    default -> stage.kind().name();
                };
                cuts.add(new Cut(stage.kind(), stage.candidateCount(), stage.keptMass(), setting + " · " + stage.candidateCount() + " kept"));
            }
        }
        return new SamplingChart(request, bars, cuts, last.candidateCount(), explanation.chosenId(), tokenText.apply(explanation.chosenId()),
                answerId, explanation.u());
    }
}
