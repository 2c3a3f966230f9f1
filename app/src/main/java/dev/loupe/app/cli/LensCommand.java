package dev.loupe.app.cli;

import dev.loupe.inference.Prompt;
import dev.loupe.inference.inspect.LensPrediction;
import dev.loupe.inference.inspect.LogitLens;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lens", description = {
        "The logit lens: the model's final norm and output head applied to the residual stream after every layer (0 = embedding),",
        "at every position of the prompt, with the probability of the token the model finally ranks first. The last layer is the",
        "engine's own output. --json prints {tokens:[...], layers, predictions:[{layer,position,top,final_token_prob,next_token_prob}]}."})
final class LensCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--prompt", required = true, description = "Text to look into.")
    String prompt;

    @Option(names = "--top", description = "Tokens per layer and position (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int top;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(model.resolve())) {
            LogitLens lens = generator.lab().logitLens(Prompt.text(prompt), top);
            int[] ids = lens.tokenIds();
            if (json) {
                List<Map<String, Object>> tokens = new ArrayList<>();
                for (int p = 0; p < ids.length; p++) {
                    tokens.add(JsonLines.object("position", p, "id", ids[p], "text", generator.tokenText(ids[p]),
                            "final_id", lens.finalTokenIds()[p], "final_text", generator.tokenText(lens.finalTokenIds()[p])));
                }
                List<Map<String, Object>> predictions = new ArrayList<>();
                for (LensPrediction cell : lens.predictions()) {
                    Map<String, Object> m = JsonLines.object("layer", cell.layer(), "position", cell.position(), "top", JsonLines.tops(cell.top()),
                            "final_token_prob", cell.finalTokenProbability());
                    if (!Float.isNaN(cell.nextTokenProbability())) {
                        m.put("next_token_prob", cell.nextTokenProbability());
                    }
                    predictions.add(m);
                }
                JsonLines.print(out, JsonLines.object("tokens", tokens, "layers", lens.layers(), "predictions", predictions));
            } else {
                for (int p = 0; p < ids.length; p++) {
                    out.printf(Locale.ROOT, "%4d %-14s", p, ScoreCommand.quoted(generator.tokenText(ids[p])));
                    for (int layer = 0; layer <= lens.layers(); layer++) {
                        LensPrediction cell = lens.prediction(layer, p);
                        out.printf(Locale.ROOT, "  L%d %s %.2f", layer, ScoreCommand.quoted(cell.top().getFirst().text()), cell.top().getFirst().prob());
                    }
                    out.println();
                }
            }
        }
        out.flush();
        return 0;
    }
}
