package dev.loupe.app.cli;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.StepExplanation;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "explain", description = {
        "Generate with the given sampler flags and explain one step: the distribution after every stage of the sampler chain",
        "(raw, penalties, bias, temperature, each filter with its cut), the random draw and the chosen token. It agrees exactly",
        "with what the sampler did. Without --seed a random seed is used and printed."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--prompt", required = true, description = "Text to continue.")
    String prompt;

    @Option(names = "--step", required = true, description = "Generated step to explain, from 0.")
    int step;

    @Option(names = "--show", description = "Most probable tokens listed per stage (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int shown;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (step < 0) {
            throw new InvalidSettingsException("--step counts generated tokens from 0, got " + step);
        }
        GenerationRequest request = sampling.request(Prompt.text(prompt));
        // Generation up to the step is the same whatever the maximum, which only decides when to stop.
        GenerationRequest upToStep = new GenerationRequest(request.prompt(), request.sampler(), request.seed(), step + 1, request.stopStrings(), 0);
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(model.resolve());
             Branch branch = generator.lab().generateBranch(upToStep, CancellationToken.none(), TokenListener.NONE)) {
            StepExplanation e = branch.explainStep(step, shown);
            String before = textBefore(branch, step);
            if (json) {
                JsonLines.print(out, JsonLines.object(
                        "step", step,
                        "seed", request.seed(),
                        "generated_before", before,
                        "chosen", token(generator, e.chosenId(), -1),
                        "greedy", e.greedy(),
                        "u", e.greedy() ? null : e.u(),
                        "stages", e.stages().stream().map(s -> stageJson(generator, s)).toList()));
            } else {
                out.printf(Locale.ROOT, "step %d (seed %d) after \"%s\": chose %s%s%n", step, request.seed(), before,
                        ScoreCommand.quoted(generator.tokenText(e.chosenId())), e.greedy() ? " (greedy, no draw)" : String.format(Locale.ROOT, " with u = %.6f", e.u()));
                for (StepExplanation.Stage s : e.stages()) {
                    out.printf(Locale.ROOT, "  %-18s %6d candidates  kept %.4f  cut at %.6f  entropy %.3f  top: %s%n", s.kind(), s.candidateCount(),
                            s.keptMass(), s.cutoffProbability(), s.entropy(), s.top().stream().limit(5)
                                    .map(t -> String.format(Locale.ROOT, "%s %.4f", ScoreCommand.quoted(generator.tokenText(t.id())), t.probability())).toList());
                }
            }
        }
        out.flush();
        return 0;
    }

    private static String textBefore(Branch branch, int step) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < step; i++) {
            text.append(branch.result().tokens().get(i).text());
        }
        return text.toString();
    }

    private static Map<String, Object> stageJson(JlamaTextGenerator generator, StepExplanation.Stage s) {
        return JsonLines.object(
                "kind", s.kind().name().toLowerCase(),
                "candidates", s.candidateCount(),
                "kept_mass", s.keptMass(),
                "cutoff_prob", s.cutoffProbability(),
                "entropy", s.entropy(),
                "top", s.top().stream().map(t -> token(generator, t.id(), t.probability())).toList());
    }

    private static Map<String, Object> token(JlamaTextGenerator generator, int id, double probability) {
        return probability < 0 ? JsonLines.object("id", id, "text", generator.tokenText(id))
                : JsonLines.object("id", id, "text", generator.tokenText(id), "prob", probability);
    }
}
