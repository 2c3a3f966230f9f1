package dev.loupe.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.constrain.AutomatonConstraint;
import dev.loupe.inference.constrain.ByteAutomaton;
import dev.loupe.inference.constrain.JsonSchemaCompiler;
import dev.loupe.inference.constrain.RegexCompiler;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.Beam;
import dev.loupe.inference.lab.BeamSearchResult;
import dev.loupe.inference.lab.DecodingStrategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", description = {
        "Continue a prompt; stream the text, or one JSON object per token with --json.",
        "--strategy beam or contrastive searches instead of sampling; beam search prints its best beam after the search."})
final class GenerateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    StrategyOptions strategy;

    @Option(names = "--prompt", required = true, description = "Text to continue.")
    String prompt;

    @Option(names = "--json", description = "Print one JSON object per token and a final summary object.")
    boolean json;

    static final class Constraint {
        @Option(names = "--json-schema", paramLabel = "FILE", description = {
                "Write JSON that validates against the JSON Schema in FILE (see docs/decisions/0010 for the keywords and layout)."})
        Path jsonSchema;

        @Option(names = "--regex", paramLabel = "PATTERN", description = "Write text that matches PATTERN as a whole.")
        String regex;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Constraint constraint;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DecodingStrategy chosen = strategy.strategy(sampling);
        GenerationRequest request = strategy.request(sampling, Prompt.text(prompt));
        ByteAutomaton language = compileConstraint(); // before loading the model: a broken schema fails fast
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(model.resolve())) {
            if (language != null) {
                request = request.withConstraint(new AutomatonConstraint(language, generator.pieces(), generator.stopTokens()));
            }
            CancellationToken cancel = new CancellationToken();
            Thread hook = new Thread(cancel::cancel);
            Runtime.getRuntime().addShutdownHook(hook);
            TokenListener listener = json ? jsonListener(out) : textListener(out);
            GenerationResult result;
            List<Beam> beams = List.of();
            if (chosen instanceof DecodingStrategy.BeamSearch beam) {
                BeamSearchResult search = generator.lab().beamSearch(request, beam, cancel);
                result = search.best();
                beams = search.beams();
                for (TokenEvent event : result.tokens()) {
                    listener.onToken(event);
                }
                listener.onText(result.text());
            } else {
                result = generator.lab().decode(request, chosen, cancel, listener);
            }
            if (json) {
                Map<String, Object> summary = summary(result);
                summary.put("strategy", strategy.strategy.name().toLowerCase());
                if (!beams.isEmpty()) {
                    summary.put("beams", beams.stream().map(GenerateCommand::beamJson).toList());
                }
                out.println(JSON.writeValueAsString(summary));
            } else {
                for (int i = 1; i < beams.size(); i++) {
                    spec.commandLine().getErr().printf("[beam %d · log-probability %.3f · score %.3f] %s%n", i + 1, beams.get(i).logProbability(),
                            beams.get(i).score(), beams.get(i).text());
                }
                out.println();
                spec.commandLine().getErr().printf("[%s · %d tokens · ttft %.0f ms · %.1f tok/s · seed %d]%n",
                        result.finishReason().name().toLowerCase(), result.generatedTokens(), result.ttftMillis(),
                        result.decodeTokensPerSecond(), result.seed());
            }
            out.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return 0;
    }

    private ByteAutomaton compileConstraint() {
        if (constraint == null) {
            return null;
        }
        if (constraint.regex != null) {
            return RegexCompiler.compile(constraint.regex);
        }
        String schema;
        try {
            schema = Files.readString(constraint.jsonSchema);
        } catch (IOException e) {
            throw new LoupeException("Could not read the JSON Schema file " + constraint.jsonSchema + "; check that it exists and is readable.", e);
        }
        return JsonSchemaCompiler.compile(schema);
    }

    private static TokenListener textListener(PrintWriter out) {
        return new TokenListener() {
            @Override
            public void onToken(TokenEvent event) {}

            @Override
            public void onText(String delta) {
                out.print(delta);
                out.flush();
            }
        };
    }

    private static TokenListener jsonListener(PrintWriter out) {
        return event -> {
            try {
                out.println(JSON.writeValueAsString(tokenJson(event)));
                out.flush();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The per-token object of {@code --json}: {"index","id","text","prob","logprob","entropy","top":[...]}. */
    static Map<String, Object> tokenJson(TokenEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", e.index());
        m.put("id", e.id());
        m.put("text", e.text());
        m.put("prob", e.prob());
        m.put("logprob", e.logprob());
        m.put("entropy", e.entropy());
        m.put("top", e.top().stream().map(t -> {
            Map<String, Object> alt = new LinkedHashMap<>();
            alt.put("id", t.id());
            alt.put("text", t.text());
            alt.put("prob", t.prob());
            return alt;
        }).toList());
        return m;
    }

    static Map<String, Object> beamJson(Beam beam) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", beam.text());
        m.put("ids", beam.tokenIds());
        m.put("logprob", beam.logProbability());
        m.put("score", beam.score());
        m.put("finish_reason", beam.finishReason().name().toLowerCase());
        return m;
    }

    static Map<String, Object> summary(GenerationResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("finish_reason", r.finishReason().name().toLowerCase());
        m.put("prompt_tokens", r.promptTokens());
        m.put("generated_tokens", r.generatedTokens());
        m.put("ttft_ms", round(r.ttftMillis()));
        m.put("decode_tokens_per_s", round(r.decodeTokensPerSecond()));
        m.put("seed", r.seed());
        m.put("text", r.text());
        return m;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

}
