package dev.loupe.app.cli;

import dev.loupe.inference.Prompt;
import dev.loupe.inference.inspect.AttentionMaps;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.InvalidSettingsException;
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

@Command(name = "attention", description = {
        "The attention weights of every layer and head over the prompt: row q holds how much position q attends to positions 0..q.",
        "--json prints {tokens:[...], layers, heads, maps:[{layer,head,weights:[[...],...]}]}; --layer and --head select one."})
final class AttentionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--prompt", required = true, description = "Text to look into.")
    String prompt;

    @Option(names = "--layer", description = "Only this layer, from 0.")
    Integer layer;

    @Option(names = "--head", description = "Only this head, from 0.")
    Integer head;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (JlamaTextGenerator generator = JlamaTextGenerator.load(model.resolve())) {
            AttentionMaps maps = generator.lab().attention(Prompt.text(prompt));
            check(layer, maps.layers(), "--layer");
            check(head, maps.heads(), "--head");
            int[] ids = maps.tokenIds();
            List<Map<String, Object>> selected = new ArrayList<>();
            for (int l = 0; l < maps.layers(); l++) {
                for (int h = 0; h < maps.heads(); h++) {
                    if ((layer == null || layer == l) && (head == null || head == h)) {
                        List<float[]> rows = new ArrayList<>();
                        for (int q = 0; q < ids.length; q++) {
                            rows.add(maps.row(l, h, q));
                        }
                        selected.add(JsonLines.object("layer", l, "head", h, "weights", rows));
                    }
                }
            }
            if (json) {
                List<Map<String, Object>> tokens = new ArrayList<>();
                for (int p = 0; p < ids.length; p++) {
                    tokens.add(JsonLines.object("position", p, "id", ids[p], "text", generator.tokenText(ids[p])));
                }
                JsonLines.print(out, JsonLines.object("tokens", tokens, "layers", maps.layers(), "heads", maps.heads(), "maps", selected));
            } else {
                for (Map<String, Object> map : selected) {
                    out.printf(Locale.ROOT, "layer %s head %s: each position's strongest earlier position%n", map.get("layer"), map.get("head"));
                    @SuppressWarnings("unchecked")
                    List<float[]> rows = (List<float[]>) map.get("weights");
                    for (int q = 0; q < rows.size(); q++) {
                        float[] row = rows.get(q);
                        int best = 0;
                        for (int k = 1; k < row.length; k++) {
                            best = row[k] > row[best] ? k : best;
                        }
                        out.printf(Locale.ROOT, "  %4d %-14s -> %4d %-14s %.3f%n", q, ScoreCommand.quoted(generator.tokenText(ids[q])), best,
                                ScoreCommand.quoted(generator.tokenText(ids[best])), row[best]);
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void check(Integer value, int count, String flag) {
        if (value != null && (value < 0 || value >= count)) {
            throw new InvalidSettingsException(flag + " must be between 0 and " + (count - 1) + " for this model, got " + value);
        }
    }
}
