package dev.loupe.inference.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Constrained generation on the real stories260K, a tiny story model that has never seen JSON. */
class ConstrainedGenerationTest {
    static final String CHARACTER = """
            {"type": "object",
             "properties": {
               "name": {"type": "string", "minLength": 1, "maxLength": 12},
               "age": {"type": "integer"},
               "kind": {"enum": ["girl", "boy", "dog", "cat", "bird"]},
               "happy": {"type": "boolean"},
               "friends": {"type": "array", "maxItems": 2,
                           "items": {"type": "object",
                                     "properties": {"name": {"type": "string", "maxLength": 10}, "best": {"type": "boolean"}},
                                     "required": ["name"]}},
               "toys": {"type": "array", "items": {"type": "string", "maxLength": 8}, "minItems": 1, "maxItems": 3}
             },
             "required": ["name", "age", "kind", "toys"]}
            """;

    static JlamaTextGenerator generator;

    @BeforeAll
    static void load() {
        generator = JlamaTextGenerator.load(SharedModels.stories260K());
    }

    @AfterAll
    static void close() {
        if (generator != null) {
            generator.close();
        }
    }

    private static GenerationRequest sampled(long seed, int maxTokens, AutomatonConstraint constraint) {
        return new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.DEFAULTS, seed, maxTokens, List.of(), 3, constraint);
    }

    @Test
    void hundredSeededSampledRunsAllValidateAgainstTheSchema() {
        AutomatonConstraint constraint = AutomatonConstraint.jsonSchema(CHARACTER, generator);
        JsonChecks checks = new JsonChecks(CHARACTER);
        Set<String> distinct = new HashSet<>();
        int longest = 0;
        for (long seed = 1; seed <= 100; seed++) {
            GenerationResult result = generator.generate(sampled(seed, 400, constraint), CancellationToken.none(), TokenListener.NONE);
            String text = result.text();
            long s = seed;
            assertEquals(FinishReason.EOS, result.finishReason(), () -> "seed " + s + " did not finish: " + text);
            assertEquals(List.of(), checks.problems(text), () -> "seed " + s + ": " + text);
            distinct.add(text);
            longest = Math.max(longest, result.generatedTokens());
        }
        assertTrue(distinct.size() > 90, "sampling still varies the output: " + distinct.size() + " distinct of 100");
        assertTrue(longest < 400, "every run ended well before the token limit (longest " + longest + ")");
    }

    @Test
    void aConstrainedRunReportsTheModelsOwnProbabilities() {
        AutomatonConstraint constraint = AutomatonConstraint.jsonSchema(CHARACTER, generator);
        var request = new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.GREEDY, 0, 400, List.of(), 5, constraint);
        GenerationResult result = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
        assertEquals(FinishReason.EOS, result.finishReason());
        assertEquals(List.of(), new JsonChecks(CHARACTER).problems(result.text()), result.text());
        // The story model would rather write prose: at some steps its favourite token was masked, and the event
        // still shows that favourite on top, with the chosen token's own (lower) probability.
        List<TokenEvent> overruled = result.tokens().stream().filter(e -> e.top().getFirst().id() != e.id()).toList();
        assertFalse(overruled.isEmpty());
        for (TokenEvent e : overruled) {
            assertTrue(e.prob() <= e.top().getFirst().prob(), "raw probability of the chosen token, not a renormalised one");
        }
        StringBuilder fromEvents = new StringBuilder();
        result.tokens().forEach(e -> fromEvents.append(e.text()));
        assertEquals(result.text(), fromEvents.toString(), "per-token text adds up to the output, as in plain generation");
    }

    @Test
    void truncatedRunIsReportedAsMaxTokensWithAValidPrefix() {
        AutomatonConstraint constraint = AutomatonConstraint.jsonSchema(CHARACTER, generator);
        GenerationResult result = generator.generate(sampled(3, 6, constraint), CancellationToken.none(), TokenListener.NONE);
        assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
        assertEquals(6, result.generatedTokens());
        byte[] text = result.text().getBytes(StandardCharsets.UTF_8);
        ByteAutomaton automaton = constraint.automaton();
        int state = automaton.walk(automaton.start(), text, 0, text.length);
        assertNotEquals(ByteAutomaton.DEAD, state, "what was written is still a valid beginning");
        assertFalse(automaton.isAccepting(state), "but not a complete document: " + result.text());
    }

    @Test
    void regexConstrainedRunsMatchTheWholePattern() {
        String regex = "(Lily|Tom|Sue) (was|felt) (very )?(happy|sad|[a-z]{3,8})\\. (She|He) [a-z]+( [a-z]+){0,4}\\.";
        AutomatonConstraint constraint = AutomatonConstraint.regex(regex, generator);
        Pattern pattern = Pattern.compile(regex);
        List<String> texts = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            GenerationResult result = generator.generate(sampled(seed, 120, constraint), CancellationToken.none(), TokenListener.NONE);
            assertEquals(FinishReason.EOS, result.finishReason(), result.text());
            assertTrue(pattern.matcher(result.text()).matches(), result.text());
            texts.add(result.text());
        }
        assertTrue(new HashSet<>(texts).size() > 5, texts.toString());
    }

    @Test
    void stopTokenIsHeldBackUntilTheMatchIsCompleteAndThenMayEndIt() {
        // A bias that forces end-of-text would end the run at once; the constraint allows it only once a sentence
        // is complete, and there the biased stop token wins although the pattern could go on.
        String regex = "[A-Z][a-z]+( [a-z]+){1,12}\\.( [A-Z][a-z]+( [a-z]+){1,12}\\.)*";
        AutomatonConstraint constraint = AutomatonConstraint.regex(regex, generator);
        int eos = generator.stopTokens().iterator().next();
        var request = new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.DEFAULTS.withLogitBias(java.util.Map.of(eos, 100f)),
                7, 200, List.of(), 3, constraint);
        GenerationResult result = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
        assertEquals(FinishReason.EOS, result.finishReason(), result.text());
        assertTrue(generator.stopTokens().contains(result.tokens().getLast().id()), "ended by the stop token");
        assertTrue(Pattern.compile(regex).matcher(result.text()).matches(), result.text());
        assertEquals(1, result.text().chars().filter(c -> c == '.').count(), "ended at the first point the match was complete: " + result.text());
    }
}
