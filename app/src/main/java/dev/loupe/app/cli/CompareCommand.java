package dev.loupe.app.cli;

import dev.loupe.app.AppPaths;
import dev.loupe.app.DefaultModel;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.ArenaJudge;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonRun;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.lab.JudgeVerdict;
import dev.loupe.inference.lab.RunMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare", description = {
        "Run one prompt under every setting of a JSON settings file (and on every --model), with metrics: time to first token,",
        "tok/s, mean log-probability and perplexity of the run's own output, distinct-1/2 over token ids, length. Settings on one",
        "model share one prefill of the prompt. The file is an array like",
        "[{\"name\":\"greedy\",\"strategy\":\"greedy\"},{\"name\":\"warm\",\"temperature\":0.8,\"seed\":7},",
        " {\"name\":\"beam\",\"strategy\":\"beam\",\"beamWidth\":4},{\"name\":\"contrastive\",\"strategy\":\"contrastive\",\"alpha\":0.6,\"topK\":4}].",
        "--json prints one object per run, then a summary {runs,prefills,prefill_ms,total_ms}.",
        "--judge DIR asks that model which of the 2 to 4 answers is better (output constrained to name one of them, A, B, ...);",
        "its verdict comes last: {judge,winner,winner_name,reason,shortened}."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder; repeat to compare models (default: the default model).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--prompt", required = true, description = "Text to continue.")
    String prompt;

    @Option(names = "--settings", required = true, paramLabel = "FILE", description = "JSON array of settings.")
    Path settingsFile;

    @Option(names = "--max-tokens", description = "Maximum new tokens of settings that name none (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int maxTokens;

    @Option(names = "--json", description = "Print JSON lines.")
    boolean json;

    @Option(names = "--judge", paramLabel = "DIR", description = "Model folder of an arena judge that names the better answer.")
    Path judge;

    @Option(names = "--criteria", description = "What the judge weighs, in plain words (default: ${DEFAULT-VALUE}).",
            defaultValue = ArenaJudge.DEFAULT_CRITERIA)
    String criteria;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ComparisonSetting> settings = ComparisonSettingsFile.read(settingsFile, maxTokens);
        List<Path> dirs = models.isEmpty() ? List.of(DefaultModel.ensure(AppPaths.fromEnvironment())) : models;
        CancellationToken cancel = new CancellationToken();
        Thread hook = new Thread(cancel::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        List<Comparison> parts = new ArrayList<>();
        for (Path dir : dirs) {
            try (JlamaTextGenerator generator = JlamaTextGenerator.load(dir)) {
                Comparison part = generator.lab().compare(Prompt.text(prompt), settings, cancel);
                parts.add(part);
                for (ComparisonRun run : part.runs()) {
                    print(out, run);
                }
            }
        }
        Comparison all = Comparison.merge(parts);
        if (json) {
            JsonLines.print(out, JsonLines.object("runs", all.runs().size(), "prefills", all.prefills(), "prefill_ms", JsonLines.round(all.prefillMillis(), 2),
                    "total_ms", JsonLines.round(all.totalMillis(), 2)));
        } else {
            out.printf(Locale.ROOT, "%d runs, %d prefill(s) taking %.1f ms, %.1f ms in all%n", all.runs().size(), all.prefills(), all.prefillMillis(), all.totalMillis());
        }
        if (judge != null && !cancel.isCancelled()) {
            printVerdict(out, all);
        }
        out.flush();
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
    }

    private void printVerdict(PrintWriter out, Comparison all) {
        List<String> answers = all.runs().stream().map(r -> r.result().text()).toList();
        try (JlamaTextGenerator model = JlamaTextGenerator.load(judge)) {
            JudgeVerdict verdict = ArenaJudge.judge(model, prompt, answers, criteria, CancellationToken.none(), TokenListener.NONE);
            String winnerName = all.runs().get(verdict.winner()).setting().name();
            if (json) {
                JsonLines.print(out, JsonLines.object("judge", model.info().name(), "winner", verdict.winnerLabel(), "winner_name", winnerName,
                        "reason", verdict.reason(), "shortened", verdict.shortened()));
            } else {
                out.printf(Locale.ROOT, "Judge %s: %s (%s) is better: %s%s%n", model.info().name(), verdict.winnerLabel(), winnerName, verdict.reason(),
                        verdict.shortened() ? " (answers were cut to fit its context)" : "");
            }
        }
    }

    private void print(PrintWriter out, ComparisonRun run) {
        RunMetrics m = run.metrics();
        if (json) {
            JsonLines.print(out, JsonLines.object(
                    "model", run.model(),
                    "name", run.setting().name(),
                    "strategy", strategyName(run.setting()),
                    "finish_reason", run.result().finishReason().name().toLowerCase(),
                    "ttft_ms", JsonLines.round(m.ttftMillis(), 2),
                    "decode_tokens_per_s", JsonLines.round(m.decodeTokensPerSecond(), 2),
                    "mean_logprob", m.meanLogProbability(),
                    "perplexity", m.perplexity(),
                    "distinct_1", m.distinct1(),
                    "distinct_2", m.distinct2(),
                    "length", m.length(),
                    "seed", run.setting().seed(),
                    "text", run.result().text()));
        } else {
            out.printf(Locale.ROOT, "== %s / %s: %d tokens, ttft %.1f ms, %.1f tok/s, mean logprob %.3f, perplexity %.2f, distinct-1 %.2f, distinct-2 %.2f%n%s%n",
                    run.model(), run.setting().name(), m.length(), m.ttftMillis(), m.decodeTokensPerSecond(), m.meanLogProbability(), m.perplexity(),
                    m.distinct1(), m.distinct2(), run.result().text());
        }
    }

    static String strategyName(ComparisonSetting setting) {
        return switch (setting.strategy()) {
            case DecodingStrategy.Sampling s -> setting.sampler().isGreedy() ? "greedy" : "sample";
            case DecodingStrategy.BeamSearch b -> "beam";
            case DecodingStrategy.ContrastiveSearch c -> "contrastive";
        };
    }
}
