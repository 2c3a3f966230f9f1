package dev.loupe.app.cli;

import dev.loupe.inference.bench.DecodeBenchmark;
import dev.loupe.inference.importer.RandomModelBuilder;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.model.ModelFolders;
import dev.loupe.inference.model.ModelInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = {
        "Measure prefill, time to first token and decode speed of Loupe's decode loop (full sampler chain, top-20",
        "alternatives) beside a bare Jlama forward+argmax loop on the same model, and the time to first token of",
        "chat follow-ups with and without the KV cache, a comparison of 4 settings on one prompt (one shared prefill) beside",
        "the same 4 runs one by one, and decoding constrained by a nested JSON Schema against the same loop unconstrained.",
        "The last two lines are: constrained_tok_s=X unconstrained_tok_s=Y ratio=Z and decode_tok_s=X baseline_tok_s=Y ratio=Z"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--model", paramLabel = "DIR", description = "An existing model folder.")
        Path model;

        @Option(names = "--random-shape", paramLabel = "DIR", description = "Build a random-weight model with the config and tokenizer of DIR in a temp folder.")
        Path randomShape;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--dtype", description = "Weights of the random model: F32 or Q4 (default: ${DEFAULT-VALUE}).", defaultValue = "F32")
    RandomModelBuilder.WeightType dtype;

    @Option(names = "--tokens", description = "New tokens per run (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int tokens;

    @Option(names = "--prompt-tokens", description = "Prompt length (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int promptTokens;

    @Option(names = "--rounds", description = "Interleaved rounds after warm-up; medians are printed (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int rounds;

    @Option(names = "--compare-prompt-tokens", description = "Prompt length of the comparison benchmark, 0 skips it (default: ${DEFAULT-VALUE}).",
            defaultValue = "512")
    int comparePromptTokens;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path temp = null;
        Path dir = source.model;
        try {
            if (source.randomShape != null) {
                temp = Files.createTempDirectory("loupe-bench-");
                dir = temp.resolve("model");
                err.println("Building a random-weight " + dtype + " model with the shape of " + source.randomShape + " ...");
                RandomModelBuilder.build(source.randomShape, dir, dtype, 42);
            }
            try (JlamaTextGenerator generator = JlamaTextGenerator.load(dir)) {
                ModelInfo info = generator.info();
                out.printf(Locale.ROOT, "model: %s (%s, %s params, %s%s), prompt %d tokens, %d new tokens, %d rounds, %d cores%n",
                        info.name(), info.architecture(), Units.count(info.parameterCount()), info.weightDtype(),
                        source.randomShape != null ? ", random weights" : "", promptTokens, tokens, rounds,
                        Runtime.getRuntime().availableProcessors());
                var settings = new DecodeBenchmark.Settings(promptTokens, tokens, rounds);
                DecodeBenchmark.Figures f = DecodeBenchmark.decode(generator, settings, s -> err.println("  " + s));
                out.printf(Locale.ROOT, "prefill:                 %8.1f tok/s%n", f.prefillTokensPerSecond());
                out.printf(Locale.ROOT, "time to first token:     %8.1f ms%n", f.ttftMillis());
                out.printf(Locale.ROOT, "decode (Loupe):          %8.2f tok/s   (sampler chain + statistics + top-20 + detokenizer)%n", f.decodeTokensPerSecond());
                out.printf(Locale.ROOT, "sampling:                %8.3f ms/token%n", f.samplingMillisPerToken());
                out.printf(Locale.ROOT, "decode (bare Jlama):     %8.2f tok/s   (forward + output head + argmax)%n", f.baselineTokensPerSecond());

                int context = info.contextTokens();
                int[] histories = Stream.of(64, 256, 512).filter(h -> h + 64 < context).mapToInt(Integer::intValue).toArray();
                List<DecodeBenchmark.FollowUp> rows = DecodeBenchmark.followUps(generator, histories, s -> err.println("  " + s));
                out.println("chat follow-up time to first token (same new tokens, growing history):");
                out.println("  history  new   with cache   without cache");
                for (var r : rows) {
                    out.printf(Locale.ROOT, "  %7d  %3d  %9.1f ms  %11.1f ms%n", r.historyTokens(), r.newTokens(), r.reusedTtftMillis(), r.freshTtftMillis());
                }
                if (comparePromptTokens > 0 && comparePromptTokens + tokens <= generator.contextTokens()) {
                    var c = DecodeBenchmark.comparePrefill(generator, comparePromptTokens, tokens, rounds, s -> err.println("  " + s));
                    out.printf(Locale.ROOT, "compare (median round of %d), %d settings on one %d-token prompt: %9.1f ms  (its one prefill %.1f ms + its %d runs %.1f ms)%n",
                            rounds, c.settings(), c.promptTokens(), c.compareMillis(), c.compareOwnPrefillMillis(), c.settings(), c.compareOwnDecodeMillis());
                    out.printf(Locale.ROOT, "  positions computed: %d = %d prompt (once) + %d decoded%n", c.positionsComputed(),
                            c.positionsComputed() - c.decodedPositions(), c.decodedPositions());
                    out.printf(Locale.ROOT, "  limit: prefill %.1f ms + %d decodes %.1f ms (measured alone, same round) + 5%% = %.1f ms; ratio %.3f: %s%n",
                            c.prefillMillis(), c.settings(), c.decodeMillis(), c.limitMillis(), c.ratio(), c.withinLimit() ? "within" : "EXCEEDED");
                    out.printf(Locale.ROOT, "the same %d settings run independently:  %9.1f ms  (%d prefills)%n", c.settings(), c.independentMillis(), c.settings());
                }

                DecodeBenchmark.ConstrainedFigures c = DecodeBenchmark.constrained(generator, settings, s -> err.println("  " + s));
                out.printf(Locale.ROOT, "constrained decoding (agent-step JSON Schema, %d automaton states, compiled and bound in %.0f ms):%n",
                        c.automatonStates(), c.compileMillis());
                out.printf(Locale.ROOT, "  constrained:           %8.2f tok/s   sampling + mask %.3f ms/token (first document, cold cache: %.2f tok/s)%n",
                        c.constrainedTokensPerSecond(), c.constrainedSamplingMillisPerToken(), c.coldTokensPerSecond());
                out.printf(Locale.ROOT, "  unconstrained:         %8.2f tok/s   sampling        %.3f ms/token%n",
                        c.unconstrainedTokensPerSecond(), c.unconstrainedSamplingMillisPerToken());
                out.printf(Locale.ROOT, "  mask:                  %8.3f ms/token with the cache as the runs left it, %.3f ms/token from an empty cache%n",
                        c.maskMillisPerToken(), c.coldMaskMillisPerToken());
                out.printf(Locale.ROOT, "  documents: %d written, %d ended on their own (%d of them parse as JSON), %d cut at %d tokens%n",
                        c.documents(), c.completeDocuments(), c.parsedDocuments(), c.documents() - c.completeDocuments(), tokens);
                out.printf(Locale.ROOT, "constrained_tok_s=%.2f unconstrained_tok_s=%.2f ratio=%.3f%n",
                        c.constrainedTokensPerSecond(), c.unconstrainedTokensPerSecond(), c.ratio());
                out.printf(Locale.ROOT, "decode_tok_s=%.2f baseline_tok_s=%.2f ratio=%.3f%n", f.decodeTokensPerSecond(), f.baselineTokensPerSecond(), f.ratio());
            }
        } finally {
            ModelFolders.deleteRecursively(temp);
        }
        return 0;
    }
}
