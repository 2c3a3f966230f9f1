package dev.loupe.app.cli;

import dev.loupe.inference.Prompt;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.SequenceScore;
import dev.loupe.inference.lab.TokenScore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "score", description = {
        "Score a text under the model (teacher forcing): log-probability, rank and entropy of every token, the total and the perplexity.",
        "With --json: one object per token {position,id,text,logprob,prob,rank,entropy} (plus top:[{id,text,prob}] with --top),",
        "then {tokens,total_logprob,mean_logprob,perplexity}."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--text", required = true, description = "The text to score (BOS is added when the model expects it).")
    String text;

    @Option(names = "--from", paramLabel = "POSITION", description = "First token position to score (default: ${DEFAULT-VALUE}, everything after the first token).",
            defaultValue = "1")
    int from;

    @Option(names = "--top", paramLabel = "K", defaultValue = "0",
            description = "Also list the model's K most probable tokens at every position, 0 to 20 (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print JSON lines.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(model.resolve())) {
            SequenceScore score = generator.lab().score(Prompt.text(text), from, top);
            for (TokenScore t : score.tokens()) {
                if (json) {
                    Map<String, Object> line = JsonLines.object("position", t.position(), "id", t.id(), "text", t.text(), "logprob", t.logProbability(),
                            "prob", t.probability(), "rank", t.rank(), "entropy", t.entropy());
                    if (top > 0) {
                        line.put("top", t.top().stream().map(a -> JsonLines.object("id", a.id(), "text", a.text(), "prob", a.prob())).toList());
                    }
                    JsonLines.print(out, line);
                } else {
                    out.printf(Locale.ROOT, "%5d  %-16s  logprob %8.4f  rank %5d  entropy %6.3f%s%n", t.position(), quoted(t.text()), t.logProbability(),
                            t.rank(), t.entropy(), t.top().isEmpty() ? "" : "  top: " + t.top().stream()
                                    .map(a -> String.format(Locale.ROOT, "%s %.4f", quoted(a.text()), a.prob())).collect(Collectors.joining(", ")));
                }
            }
            if (json) {
                JsonLines.print(out, JsonLines.object("tokens", score.tokens().size(), "total_logprob", score.totalLogProbability(),
                        "mean_logprob", score.meanLogProbability(), "perplexity", score.perplexity()));
            } else {
                out.printf(Locale.ROOT, "%d tokens · total log-probability %.4f · perplexity %.4f%n", score.tokens().size(),
                        score.totalLogProbability(), score.perplexity());
            }
        }
        out.flush();
        return 0;
    }

    static String quoted(String tokenText) {
        return "\"" + tokenText.replace("\n", "\\n") + "\"";
    }
}
