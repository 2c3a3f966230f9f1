package dev.loupe.inference.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.constrain.AutomatonConstraint;
import dev.loupe.inference.constrain.ByteAutomaton;
import dev.loupe.inference.constrain.JsonSchemaCompiler;
import dev.loupe.inference.jlama.BareJlamaLoop;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.sampling.SamplerSettings;
import java.io.IOException;
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

    /** A realistic nested schema: one step of a tool-using agent, with bounded strings and lists. */
    public static final String AGENT_STEP_SCHEMA = """
            {"type": "object",
             "properties": {
               "thought": {"type": "string", "maxLength": 200},
               "action": {"type": "object",
                          "properties": {
                            "tool": {"enum": ["search", "read_file", "calculator", "answer"]},
                            "arguments": {"type": "object",
                                          "properties": {
                                            "query": {"type": "string", "maxLength": 120},
                                            "limit": {"type": "integer"},
                                            "filters": {"type": "array", "items": {"type": "string", "maxLength": 30}, "maxItems": 5}},
                                          "required": ["query"]}},
                          "required": ["tool", "arguments"]},
               "confidence": {"type": "number"},
               "citations": {"type": "array", "maxItems": 4,
                             "items": {"type": "object",
                                       "properties": {"doc": {"type": "string", "maxLength": 60}, "page": {"type": "integer"}},
                                       "required": ["doc"]}}},
             "required": ["thought", "action", "confidence"]}
            """;

    /**
     * Constrained against unconstrained decoding with the same sampler chain, in interleaved rounds.
     *
     * @param compileMillis time to compile the schema and bind it to the vocabulary (trie and cache set-up)
     * @param constrainedTokensPerSecond decoded tokens per second of decoding over all constrained runs of the
     *     measured rounds (documents end on their own, so a round runs documents until it has the asked tokens)
     * @param coldTokensPerSecond the same for the very first constrained document, with an empty mask cache
     * @param documents constrained documents written in the measured rounds
     * @param completeDocuments of those, the ones that ended on their own (the others hit the token limit)
     * @param parsedDocuments of the complete ones, those that parse as JSON (all of them, unless something is broken)
     * @param maskMillisPerToken mean time of one {@code mask} call, replaying the documents' tokens with the
     *     constraint's cache as the runs left it
     * @param coldMaskMillisPerToken the same replay through a new constraint whose cache starts empty
     */
    public record ConstrainedFigures(int automatonStates, double compileMillis, double constrainedTokensPerSecond,
                                     double unconstrainedTokensPerSecond, double constrainedSamplingMillisPerToken,
                                     double unconstrainedSamplingMillisPerToken, double coldTokensPerSecond, int documents,
                                     int completeDocuments, int parsedDocuments, double maskMillisPerToken,
                                     double coldMaskMillisPerToken) {
        public double ratio() {
            return constrainedTokensPerSecond / unconstrainedTokensPerSecond;
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
     * Decodes with {@link #AGENT_STEP_SCHEMA} and without any constraint, interleaved, with the {@link #CHAIN}
     * sampler (stop tokens banned, as in {@link #decode}). Each round runs one unconstrained generation of
     * {@code newTokens} and as many constrained documents as it takes to decode as many tokens.
     */
    public static ConstrainedFigures constrained(JlamaTextGenerator generator, Settings settings, Consumer<String> progress) {
        int[] prompt = syntheticPrompt(generator, settings.promptTokens());
        Map<Integer, Float> ban = new HashMap<>();
        for (int id : stopTokens(generator)) {
            ban.put(id, -1e4f);
        }
        GenerationRequest plain = new GenerationRequest(new Prompt.Tokens(prompt), CHAIN.withLogitBias(ban), 42,
                settings.newTokens(), List.of(), GenerationRequest.MAX_TOP_ALTERNATIVES);
        progress.accept("compiling the agent-step schema");
        long compileStart = System.nanoTime();
        ByteAutomaton automaton = JsonSchemaCompiler.compile(AGENT_STEP_SCHEMA);
        AutomatonConstraint constraint = new AutomatonConstraint(automaton, generator.pieces(), generator.stopTokens());
        double compileMillis = (System.nanoTime() - compileStart) / 1e6;

        progress.accept("warm-up");
        generator.generate(plain, CancellationToken.none(), TokenListener.NONE);
        GenerationResult cold = generator.generate(plain.withConstraint(constraint).withSeed(1), CancellationToken.none(), TokenListener.NONE);

        ObjectMapper json = new ObjectMapper();
        double[] plainRate = new double[settings.rounds()];
        double[] plainSampling = new double[settings.rounds()];
        double[] constrainedRate = new double[settings.rounds()];
        double[] constrainedSampling = new double[settings.rounds()];
        int documents = 0;
        int complete = 0;
        int parsed = 0;
        List<int[]> written = new ArrayList<>();
        long seed = 100;
        for (int round = 0; round < settings.rounds(); round++) {
            progress.accept("constrained round " + (round + 1) + "/" + settings.rounds());
            GenerationResult p = generator.generate(plain, CancellationToken.none(), TokenListener.NONE);
            plainRate[round] = p.decodeTokensPerSecond();
            plainSampling[round] = p.samplingMillisPerToken();
            int tokens = 0;
            double decodeSeconds = 0;
            double samplingMillis = 0;
            while (tokens < settings.newTokens()) {
                GenerationResult c = generator.generate(plain.withConstraint(constraint).withSeed(seed++), CancellationToken.none(), TokenListener.NONE);
                documents++;
                written.add(c.tokenIds());
                if (c.finishReason() == FinishReason.EOS) {
                    complete++;
                    parsed += parses(json, c.text()) ? 1 : 0;
                }
                if (c.generatedTokens() > 1 && c.decodeTokensPerSecond() > 0) {
                    tokens += c.generatedTokens() - 1;
                    decodeSeconds += (c.generatedTokens() - 1) / c.decodeTokensPerSecond();
                    samplingMillis += c.samplingMillisPerToken() * c.generatedTokens();
                }
            }
            constrainedRate[round] = tokens / decodeSeconds;
            constrainedSampling[round] = samplingMillis / tokens;
        }
        progress.accept("replaying the documents through the mask");
        double warmMask = maskMillisPerToken(constraint, written, generator.pieces().size());
        var fresh = new AutomatonConstraint(automaton, generator.pieces(), generator.stopTokens());
        double coldMask = maskMillisPerToken(fresh, written, generator.pieces().size());
        return new ConstrainedFigures(automaton.stateCount(), compileMillis, median(constrainedRate), median(plainRate),
                median(constrainedSampling), median(plainSampling), cold.decodeTokensPerSecond(), documents, complete, parsed,
                warmMask, coldMask);
    }

    /** Mean milliseconds of one mask call over the given token sequences, each replayed from a fresh state. */
    private static double maskMillisPerToken(AutomatonConstraint constraint, List<int[]> documents, int vocabSize) {
        float[] logits = new float[vocabSize];
        long nanos = 0;
        int calls = 0;
        for (int[] ids : documents) {
            var state = constraint.start();
            for (int id : ids) {
                long start = System.nanoTime();
                state.mask(logits);
                nanos += System.nanoTime() - start;
                calls++;
                state.accept(id);
            }
        }
        return calls == 0 ? 0 : nanos / 1e6 / calls;
    }

    private static boolean parses(ObjectMapper json, String text) {
        try {
            json.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
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
