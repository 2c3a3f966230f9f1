package dev.loupe.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.sampling.SamplerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings file of {@code compare}: a JSON array with one object per setting, for example
 * <pre>[{"name":"greedy","strategy":"greedy"},
 *  {"name":"warm","temperature":0.8,"topP":0.95,"seed":7,"maxTokens":64},
 *  {"name":"beam","strategy":"beam","beamWidth":4,"lengthPenalty":1.0,"earlyStopping":true},
 *  {"name":"contrastive","strategy":"contrastive","alpha":0.6,"topK":4}]</pre>
 * Only {@code name} is required. Sampler fields use the names of saved sampler settings and default to
 * {@link SamplerSettings#DEFAULTS}; they are refused for the strategies that ignore them (except {@code topK},
 * the candidate count of contrastive search). Unknown fields are refused, so a typo is not silently ignored.
 */
final class ComparisonSettingsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SAMPLER = Set.of("temperature", "topK", "topP", "minP", "typicalP", "repetitionPenalty",
            "frequencyPenalty", "presencePenalty", "penaltyWindowTokens");
    private static final Set<String> BEAM = Set.of("beamWidth", "lengthPenalty", "earlyStopping", "beams");
    private static final Set<String> OTHER = Set.of("name", "strategy", "seed", "maxTokens", "stop", "alpha");

    private ComparisonSettingsFile() {}

    static List<ComparisonSetting> read(Path file, int defaultMaxTokens) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SettingsFileException("The settings file " + file + " could not be read as JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); give a JSON array of settings.", e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new SettingsFileException("The settings file " + file + " must hold a non-empty JSON array of settings, like [{\"name\":\"greedy\",\"strategy\":\"greedy\"}].");
        }
        List<ComparisonSetting> settings = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String where = "setting " + (i + 1) + " of " + file;
            try {
                settings.add(parse(root.get(i), where, defaultMaxTokens));
            } catch (SettingsFileException e) {
                throw e;
            } catch (LoupeException e) {
                throw new SettingsFileException("In " + where + ": " + e.getMessage(), e);
            }
        }
        return settings;
    }

    private static ComparisonSetting parse(JsonNode node, String where, int defaultMaxTokens) {
        if (!node.isObject()) {
            throw new SettingsFileException("In " + where + ": each setting is a JSON object with at least a \"name\".");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (!SAMPLER.contains(key) && !BEAM.contains(key) && !OTHER.contains(key)) {
                throw new SettingsFileException("In " + where + ": unknown field \"" + key + "\"; known fields are " + known() + ".");
            }
        }
        String name = text(node, "name", null, where);
        if (name == null) {
            throw new SettingsFileException("In " + where + ": the field \"name\" is required.");
        }
        StrategyOptions.Name strategy;
        String strategyText = text(node, "strategy", "sample", where);
        try {
            strategy = StrategyOptions.Name.valueOf(strategyText.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new SettingsFileException("In " + where + ": strategy \"" + strategyText + "\" is not one of greedy, sample, beam, contrastive.");
        }
        for (String key : SAMPLER) {
            boolean allowed = strategy == StrategyOptions.Name.SAMPLE || (strategy == StrategyOptions.Name.CONTRASTIVE && key.equals("topK"));
            if (node.has(key) && !allowed) {
                throw new SettingsFileException("In " + where + ": \"" + key + "\" does not apply to strategy " + strategyText.toLowerCase()
                        + ", which works on the model's own probabilities; drop it or use strategy sample.");
            }
        }
        for (String key : BEAM) {
            if (node.has(key) && strategy != StrategyOptions.Name.BEAM) {
                throw new SettingsFileException("In " + where + ": \"" + key + "\" only applies to strategy beam.");
            }
        }
        if (node.has("alpha") && strategy != StrategyOptions.Name.CONTRASTIVE) {
            throw new SettingsFileException("In " + where + ": \"alpha\" only applies to strategy contrastive.");
        }
        SamplerSettings d = SamplerSettings.DEFAULTS;
        SamplerSettings sampler = strategy != StrategyOptions.Name.SAMPLE ? SamplerSettings.GREEDY : new SamplerSettings(
                number(node, "temperature", d.temperature(), where), integer(node, "topK", d.topK(), where), number(node, "topP", d.topP(), where),
                number(node, "minP", d.minP(), where), number(node, "typicalP", d.typicalP(), where),
                number(node, "repetitionPenalty", d.repetitionPenalty(), where), number(node, "frequencyPenalty", d.frequencyPenalty(), where),
                number(node, "presencePenalty", d.presencePenalty(), where), integer(node, "penaltyWindowTokens", d.penaltyWindowTokens(), where), Map.of());
        DecodingStrategy decoding = switch (strategy) {
            case GREEDY, SAMPLE -> DecodingStrategy.SAMPLING;
            case BEAM -> new DecodingStrategy.BeamSearch(integer(node, "beamWidth", StrategyOptions.DEFAULT_BEAM_WIDTH, where),
                    number(node, "lengthPenalty", 1.0, where), bool(node, "earlyStopping", true, where), integer(node, "beams", 1, where));
            case CONTRASTIVE -> new DecodingStrategy.ContrastiveSearch(number(node, "alpha", StrategyOptions.DEFAULT_ALPHA, where),
                    integer(node, "topK", StrategyOptions.DEFAULT_CONTRASTIVE_TOP_K, where));
        };
        List<String> stops = new ArrayList<>();
        if (node.has("stop")) {
            JsonNode stop = node.get("stop");
            if (!stop.isArray()) {
                throw new SettingsFileException("In " + where + ": \"stop\" must be an array of strings.");
            }
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new SettingsFileException("In " + where + ": \"stop\" must be an array of strings.");
                }
                stops.add(s.asText());
            }
        }
        long seed = node.has("seed") ? integral(node, "seed", where).longValue() : 0;
        return new ComparisonSetting(name, sampler, decoding, seed, integer(node, "maxTokens", defaultMaxTokens, where), stops);
    }

    private static String known() {
        List<String> all = new ArrayList<>(OTHER);
        all.addAll(SAMPLER);
        all.addAll(BEAM);
        return String.join(", ", all.stream().sorted().toList());
    }

    private static String text(JsonNode node, String key, String fallback, String where) {
        if (!node.has(key)) {
            return fallback;
        }
        if (!node.get(key).isTextual()) {
            throw new SettingsFileException("In " + where + ": \"" + key + "\" must be a string.");
        }
        return node.get(key).asText();
    }

    private static double number(JsonNode node, String key, double fallback, String where) {
        if (!node.has(key)) {
            return fallback;
        }
        if (!node.get(key).isNumber()) {
            throw new SettingsFileException("In " + where + ": \"" + key + "\" must be a number.");
        }
        return node.get(key).asDouble();
    }

    private static int integer(JsonNode node, String key, int fallback, String where) {
        return node.has(key) ? Math.toIntExact(integral(node, key, where).longValue()) : fallback;
    }

    private static Number integral(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        boolean whole = value.isIntegralNumber() && (key.equals("seed") ? value.canConvertToLong() : value.canConvertToInt());
        if (!whole) {
            throw new SettingsFileException("In " + where + ": \"" + key + "\" must be a whole number.");
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode node, String key, boolean fallback, String where) {
        if (!node.has(key)) {
            return fallback;
        }
        if (!node.get(key).isBoolean()) {
            throw new SettingsFileException("In " + where + ": \"" + key + "\" must be true or false.");
        }
        return node.get(key).asBoolean();
    }
}
