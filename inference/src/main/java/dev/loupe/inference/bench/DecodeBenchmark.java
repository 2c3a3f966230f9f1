package dev.loupe.inference.bench;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.BareJlamaLoop;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures our decode loop (full sampler chain, statistics and top-20 alternatives) against the bare Jlama loop
 * on the same model, in the same process, interleaving rounds so that both see the same machine state. Also
 * shows that a chat follow-up's time to first token depends on its new tokens only.
 */
public final class DecodeBenchmark {
    /** A realistic chat setting with every step of the chain active. */
    public static final SamplerSettings CHAIN = new SamplerSettings(0.8, 40, 0.95, 0.05, 1, 1.1, 0.1, 0.1, 64, Map.of());

    /**
     * @param rounds interleaved measurement rounds after one warm-up of each loop; medians are reported
     */
    public record Settings(int promptTokens, int newTokens, int rounds) {}

    /** Median figures of one benchmark run. */
    public record Figures(double prefillTokensPerSecond, double ttftMillis, double decodeTokensPerSecond,
                          double samplingMillisPerToken, double baselineTokensPerSecond) {
        public double ratio() {
            return decodeTokensPerSecond / baselineTokensPerSecond;
        }
    }

    /** Time to first token of a follow-up turn, with and without the session's cache, for one history length. */
    public record FollowUp(int historyTokens, int newTokens, double reusedTtftMillis, double freshTtftMillis) {}

    /**
     * A comparison against the same settings run one by one: the figures of the median round by
     * {@code ratio}, so that they come from the same moment of a machine whose load may change.
     *
     * @param promptTokens the shared prompt's length
     * @param settings how many settings were compared
     * @param compareMillis wall time of the whole comparison
     * @param compareOwnPrefillMillis the comparison's one prefill
     * @param compareOwnDecodeMillis the comparison's runs after that prefill, summed
     * @param prefillMillis one prefill of the prompt, measured in the independent runs (their median)
     * @param decodeMillis the decodes measured in the independent runs (each run's time minus its prefill), summed
     * @param independentMillis wall time of the independent runs together (a prefill each)
     * @param ratio {@code compareMillis / (prefillMillis + decodeMillis)}
     * @param positionsComputed positions the comparison ran through the model: the prompt once, then new tokens
     * @param decodedPositions of those, positions run after the prompt
     */
    public record CompareFigures(int promptTokens, int settings, double compareMillis, double compareOwnPrefillMillis,
                                 double compareOwnDecodeMillis, double prefillMillis, double decodeMillis, double independentMillis,
                                 double ratio, long positionsComputed, long decodedPositions) {
        /** One prefill plus the decodes, plus 5%: what the comparison may take at most. */
        public double limitMillis() {
            return (prefillMillis + decodeMillis) * 1.05;
        }

        /** Whether the comparison took at most one prefill plus the decodes plus 5%. */
        public boolean withinLimit() {
            return compareMillis <= limitMillis();
        }
    }

    private DecodeBenchmark() {}

    /**
     * Runs four sampler settings on one synthetic prompt through {@link dev.loupe.inference.ModelLab#compare}
     * (one shared prefill) and one by one through {@link JlamaTextGenerator#generate} (a prefill each), in
     * interleaved rounds after a warm-up of both. Stop tokens are banned so that every run decodes
     * {@code newTokens}.
     */
    public static CompareFigures comparePrefill(JlamaTextGenerator generator, int promptTokens, int newTokens, int rounds, Consumer<String> progress) {
        int[] prompt = syntheticPrompt(generator, promptTokens);
        Map<Integer, Float> ban = new HashMap<>();
        for (int id : stopTokens(generator)) {
            ban.put(id, -1e4f);
        }
        List<ComparisonSetting> settings = List.of(
                new ComparisonSetting("chain", CHAIN.withLogitBias(ban), DecodingStrategy.SAMPLING, 1, newTokens, List.of()),
                new ComparisonSetting("hot", CHAIN.withTemperature(1.2).withLogitBias(ban), DecodingStrategy.SAMPLING, 2, newTokens, List.of()),
                new ComparisonSetting("greedy", SamplerSettings.GREEDY.withLogitBias(ban), DecodingStrategy.SAMPLING, 3, newTokens, List.of()),
                new ComparisonSetting("nucleus", SamplerSettings.DEFAULTS.withTopP(0.8).withLogitBias(ban), DecodingStrategy.SAMPLING, 4, newTokens, List.of()));
        Prompt shared = new Prompt.Tokens(prompt);
        progress.accept("compare warm-up");
        generator.lab().compare(shared, settings, CancellationToken.none());
        independent(generator, shared, settings);

        double[] compare = new double[rounds];
        double[] ownPrefill = new double[rounds];
        double[] ownDecode = new double[rounds];
        double[] ratio = new double[rounds];
        double[] prefill = new double[rounds];
        double[] decode = new double[rounds];
        double[] independent = new double[rounds];
        long positions = 0;
        long decoded = 0;
        for (int round = 0; round < rounds; round++) {
            progress.accept("compare round " + (round + 1) + "/" + rounds);
            long before = generator.positionsComputed();
            Comparison comparison = generator.lab().compare(shared, settings, CancellationToken.none());
            positions = generator.positionsComputed() - before;
            decoded = comparison.runs().stream().mapToLong(r -> r.result().generatedTokens() - 1).sum();
            compare[round] = comparison.totalMillis();
            ownPrefill[round] = comparison.prefillMillis();
            ownDecode[round] = comparison.runs().stream().mapToDouble(r -> r.result().totalMillis()).sum();
            List<GenerationResult> alone = independent(generator, shared, settings);
            double[] prefills = alone.stream().mapToDouble(r -> r.promptTokens() / r.prefillTokensPerSecond() * 1000).toArray();
            prefill[round] = median(prefills);
            decode[round] = 0;
            independent[round] = 0;
            for (int i = 0; i < alone.size(); i++) {
                decode[round] += alone.get(i).totalMillis() - prefills[i];
                independent[round] += alone.get(i).totalMillis();
            }
            ratio[round] = compare[round] / (prefill[round] + decode[round]);
        }
        Integer[] order = new Integer[rounds];
        for (int i = 0; i < rounds; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(ratio[a], ratio[b]));
        int r = order[(rounds - 1) / 2];
        return new CompareFigures(promptTokens, settings.size(), compare[r], ownPrefill[r], ownDecode[r], prefill[r], decode[r], independent[r],
                ratio[r], positions, decoded);
    }

    private static List<GenerationResult> independent(JlamaTextGenerator generator, Prompt prompt, List<ComparisonSetting> settings) {
        List<GenerationResult> results = new ArrayList<>();
        for (ComparisonSetting s : settings) {
            results.add(generator.generate(s.request(prompt, ComparisonSetting.TOP_ALTERNATIVES), CancellationToken.none(), TokenListener.NONE));
        }
        return results;
    }

    public static Figures decode(JlamaTextGenerator generator, Settings settings, Consumer<String> progress) {
        int[] prompt = syntheticPrompt(generator, settings.promptTokens());
        // Stop tokens are banned so that every run decodes exactly `newTokens`, like the baseline.
        Map<Integer, Float> ban = new HashMap<>();
        for (int id : stopTokens(generator)) {
            ban.put(id, -1e4f);
        }
        GenerationRequest request = new GenerationRequest(new Prompt.Tokens(prompt), CHAIN.withLogitBias(ban), 42,
                settings.newTokens(), List.of(), GenerationRequest.MAX_TOP_ALTERNATIVES);
        progress.accept("warm-up");
        generator.generate(request, CancellationToken.none(), TokenListener.NONE);
        BareJlamaLoop.decodeTokensPerSecond(generator, prompt, settings.newTokens());

        List<GenerationResult> ours = new ArrayList<>();
        double[] baseline = new double[settings.rounds()];
        for (int round = 0; round < settings.rounds(); round++) {
            progress.accept("round " + (round + 1) + "/" + settings.rounds());
            ours.add(generator.generate(request, CancellationToken.none(), TokenListener.NONE));
            baseline[round] = BareJlamaLoop.decodeTokensPerSecond(generator, prompt, settings.newTokens());
        }
        return new Figures(
                median(ours.stream().mapToDouble(GenerationResult::prefillTokensPerSecond).toArray()),
                median(ours.stream().mapToDouble(GenerationResult::ttftMillis).toArray()),
                median(ours.stream().mapToDouble(GenerationResult::decodeTokensPerSecond).toArray()),
                median(ours.stream().mapToDouble(GenerationResult::samplingMillisPerToken).toArray()),
                median(baseline));
    }

    /**
     * For each history length: prime a session with a conversation of about that many tokens, then time the first
     * token of a short follow-up in that session (cache reused) and in a fresh one (whole prompt prefilled).
     */
    public static List<FollowUp> followUps(JlamaTextGenerator generator, int[] historyTokens, Consumer<String> progress) {
        List<FollowUp> rows = new ArrayList<>();
        SamplerSettings greedy = SamplerSettings.GREEDY;
        for (int target : historyTokens) {
            progress.accept("follow-up after " + target + " tokens of history");
            List<ChatMessage> history = conversationOf(generator, target);
            List<ChatMessage> followUp = new ArrayList<>(history);
            followUp.add(ChatMessage.user("And what happened after that, in one short sentence?"));
            GenerationRequest prime = new GenerationRequest(Prompt.chat(history), greedy, 1, 1, List.of(), 0);
            GenerationRequest next = new GenerationRequest(Prompt.chat(followUp), greedy, 1, 1, List.of(), 0);
            int historyLength = generator.encode(prime.prompt()).length;
            int followLength = generator.encode(next.prompt()).length;
            double reused;
            try (ChatSession session = generator.openSession()) {
                session.generate(prime, CancellationToken.none(), TokenListener.NONE);
                reused = session.generate(next, CancellationToken.none(), TokenListener.NONE).ttftMillis();
            }
            double fresh = generator.generate(next, CancellationToken.none(), TokenListener.NONE).ttftMillis();
            rows.add(new FollowUp(historyLength, followLength - historyLength, reused, fresh));
        }
        return rows;
    }

    private static List<ChatMessage> conversationOf(JlamaTextGenerator generator, int targetTokens) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system("You are a helpful assistant who tells short stories."));
        int turn = 0;
        while (generator.encode(Prompt.chat(messages)).length < targetTokens) {
            messages.add(ChatMessage.user("Tell me part " + (++turn) + " of the story about the little red ball."));
            messages.add(ChatMessage.assistant("Once upon a time, a little girl named Lily found a red ball in the park. "
                    + "She played with it all day and shared it with her friend Tom, and they were very happy."));
        }
        return messages;
    }

    private static int[] syntheticPrompt(JlamaTextGenerator generator, int tokens) {
        String sentence = "Once upon a time, there was a little girl named Lily who loved to play outside in the sun. ";
        StringBuilder text = new StringBuilder(sentence);
        int[] ids = generator.encode(Prompt.text(text.toString()));
        while (ids.length < tokens) {
            text.append(sentence);
            ids = generator.encode(Prompt.text(text.toString()));
        }
        return Arrays.copyOf(ids, tokens);
    }

    private static int[] stopTokens(JlamaTextGenerator generator) {
        return generator.stopTokens().stream().mapToInt(Integer::intValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
