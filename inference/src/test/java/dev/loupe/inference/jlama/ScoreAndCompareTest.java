package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.lab.Comparison;
import dev.loupe.inference.lab.ComparisonRun;
import dev.loupe.inference.lab.ComparisonSetting;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.lab.SequenceScore;
import dev.loupe.inference.lab.TokenScore;
import dev.loupe.inference.reference.NaiveLlama;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Teacher-forced scoring and comparisons on stories260K. */
class ScoreAndCompareTest {
    static JlamaTextGenerator generator;
    static ModelLab lab;

    @BeforeAll
    static void load() {
        generator = JlamaTextGenerator.load(SharedModels.stories260K());
        lab = generator.lab();
    }

    @AfterAll
    static void close() {
        if (generator != null) {
            generator.close();
        }
    }

    @Test
    void scoringTheGreedyOutputGivesRankOneAtEveryPosition() {
        for (String text : List.of("Once upon a time", "The little dog", "Tom and Sue went to the park. They")) {
            var request = new GenerationRequest(Prompt.text(text), SamplerSettings.GREEDY, 0, 120, List.of(), 0);
            GenerationResult greedy = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
            int[] prompt = generator.encode(Prompt.text(text));
            int[] all = IntStream.concat(IntStream.of(prompt), IntStream.of(greedy.tokenIds())).toArray();
            SequenceScore score = lab.score(new Prompt.Tokens(all), prompt.length);
            assertEquals(greedy.generatedTokens(), score.tokens().size());
            for (int i = 0; i < score.tokens().size(); i++) {
                TokenScore t = score.tokens().get(i);
                TokenEvent e = greedy.tokens().get(i);
                assertEquals(1, t.rank(), "rank of the greedy token at position " + t.position());
                assertEquals(e.id(), t.id());
                assertEquals(e.logprob(), t.logProbability(), 1e-4, "log-probability at position " + t.position());
                assertEquals(e.entropy(), t.entropy(), 1e-4);
            }
        }
    }

    @Test
    void scoresAgreeWithTheNaiveForwardPass() {
        int[] ids = generator.encode(Prompt.text("Once upon a time, there was a cat who liked to eat green apples. The cat was happy."));
        SequenceScore score = lab.score(new Prompt.Tokens(ids), 1);
        NaiveLlama naive = NaiveLlama.load(SharedModels.stories260K());
        double total = 0;
        for (int p = 1; p < ids.length; p++) {
            float[] probs = naive.next(ids[p - 1]);
            TokenScore t = score.tokens().get(p - 1);
            assertEquals(p, t.position());
            assertEquals(probs[ids[p]], t.probability(), 1e-4, "probability at " + p);
            int rank = 1;
            double entropy = 0;
            for (float q : probs) {
                rank += q > probs[ids[p]] ? 1 : 0;
                entropy -= q > 0 ? q * Math.log(q) : 0;
            }
            assertEquals(rank, t.rank(), "rank at " + p);
            assertEquals(entropy, t.entropy(), 1e-3);
            total += t.logProbability();
        }
        assertEquals(total, score.totalLogProbability(), 1e-9);
        assertEquals(Math.exp(-total / (ids.length - 1)), score.perplexity(), 1e-9);
        assertTrue(score.perplexity() > 1 && score.perplexity() < 512, "perplexity " + score.perplexity());
    }

    @Test
    void scoredAlternativesAreTheNaiveReferencesMostProbableTokens() {
        int[] ids = generator.encode(Prompt.text("Lily saw a big dog in the park. She was scared"));
        SequenceScore score = lab.score(new Prompt.Tokens(ids), 2, 8);
        NaiveLlama naive = NaiveLlama.load(SharedModels.stories260K());
        for (int p = 1; p < ids.length; p++) {
            float[] probs = naive.next(ids[p - 1]);
            if (p < 2) {
                continue;
            }
            List<TopToken> top = score.tokens().get(p - 2).top();
            assertEquals(8, top.size());
            Integer[] order = IntStream.range(0, probs.length).boxed()
                    .sorted((a, b) -> probs[a] != probs[b] ? Float.compare(probs[b], probs[a]) : Integer.compare(a, b)).toArray(Integer[]::new);
            for (int r = 0; r < top.size(); r++) {
                assertEquals((int) order[r], top.get(r).id(), "alternative " + r + " at position " + p);
                assertEquals(probs[order[r]], top.get(r).prob(), 1e-4, "its probability");
                assertEquals(generator.tokenText(order[r]), top.get(r).text());
            }
        }
        assertTrue(lab.score(new Prompt.Tokens(ids), 1).tokens().stream().allMatch(t -> t.top().isEmpty()), "no alternatives unless asked");
        assertThrows(InvalidSettingsException.class, () -> lab.score(new Prompt.Tokens(ids), 1, GenerationRequest.MAX_TOP_ALTERNATIVES + 1));
    }

    @Test
    void scoringRefusesTextsTooShortOrPositionsOutside() {
        var shortText = assertThrows(LoupeException.class, () -> lab.score(new Prompt.Tokens(new int[] {1}), 1));
        assertTrue(shortText.getMessage().contains("at least two"), shortText.getMessage());
        assertThrows(InvalidSettingsException.class, () -> lab.score(Prompt.text("Once upon a time"), 0));
        assertThrows(InvalidSettingsException.class, () -> lab.score(Prompt.text("Once upon a time"), 5));
    }

    @Test
    void compareRunsEverySettingOnOnePrefillAndMatchesIndependentRuns() {
        Prompt prompt = Prompt.text("Once upon a time, there was a little girl named Lily. She loved to play");
        List<ComparisonSetting> settings = List.of(
                new ComparisonSetting("greedy", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 30, List.of()),
                new ComparisonSetting("warm", SamplerSettings.DEFAULTS, DecodingStrategy.SAMPLING, 7, 40, List.of()),
                new ComparisonSetting("hot", SamplerSettings.DEFAULTS.withTemperature(1.5), DecodingStrategy.SAMPLING, 8, 25, List.of(".")),
                new ComparisonSetting("contrastive", SamplerSettings.GREEDY, new DecodingStrategy.ContrastiveSearch(0.6, 4), 0, 20, List.of()));
        int promptTokens = generator.encode(prompt).length;
        long before = generator.positionsComputed();
        Comparison comparison = lab.compare(prompt, settings, CancellationToken.none());
        long computed = generator.positionsComputed() - before;

        assertEquals(1, comparison.prefills());
        assertEquals(4, comparison.runs().size());
        long decoded = 0;
        for (int i = 0; i < 3; i++) {
            decoded += comparison.runs().get(i).result().generatedTokens() - 1;
        }
        decoded += 4L * comparison.runs().get(3).result().generatedTokens();
        assertEquals(promptTokens + decoded, computed, "the prompt is computed once, then only new tokens");

        for (ComparisonRun run : comparison.runs()) {
            ComparisonSetting s = run.setting();
            GenerationRequest alone = new GenerationRequest(prompt, s.sampler(), s.seed(), s.maxNewTokens(), s.stopStrings(), ComparisonSetting.TOP_ALTERNATIVES);
            GenerationResult expected = lab.decode(alone, s.strategy(), CancellationToken.none(), TokenListener.NONE);
            assertArrayEquals(expected.tokenIds(), run.result().tokenIds(), s.name());
            assertEquals(expected.text(), run.result().text(), s.name());
            assertEquals(expected.finishReason(), run.result().finishReason(), s.name());
            for (int t = 0; t < expected.generatedTokens(); t++) {
                assertEquals(expected.tokens().get(t).prob(), run.result().tokens().get(t).prob(), s.name() + " step " + t);
            }
            double mean = run.result().tokens().stream().mapToDouble(TokenEvent::logprob).average().orElseThrow();
            assertEquals(mean, run.metrics().meanLogProbability(), 1e-9);
            assertEquals(Math.exp(-mean), run.metrics().perplexity(), 1e-9);
            assertEquals(run.result().generatedTokens(), run.metrics().length());
            assertTrue(run.metrics().ttftMillis() >= comparison.prefillMillis());
            assertEquals(generator.info().name(), run.model());
        }
    }

    @Test
    void eachSettingStreamsToItsOwnListenerOnTheSharedPrefill() {
        Prompt prompt = Prompt.text("Once upon a time, there was a little girl named Lily.");
        List<ComparisonSetting> settings = List.of(
                new ComparisonSetting("greedy", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 20, List.of()),
                new ComparisonSetting("hot", SamplerSettings.DEFAULTS.withTemperature(1.5), DecodingStrategy.SAMPLING, 3, 30, List.of()),
                new ComparisonSetting("beam", SamplerSettings.GREEDY, DecodingStrategy.BeamSearch.of(2), 0, 15, List.of()));
        List<Integer> started = new ArrayList<>();
        List<StringBuilder> texts = new ArrayList<>();
        List<List<Integer>> ids = new ArrayList<>();
        Comparison comparison = lab.compare(prompt, settings, CancellationToken.none(), index -> {
            started.add(index);
            StringBuilder text = new StringBuilder();
            List<Integer> tokens = new ArrayList<>();
            texts.add(text);
            ids.add(tokens);
            return new TokenListener() {
                @Override
                public void onToken(TokenEvent event) {
                    tokens.add(event.id());
                }

                @Override
                public void onText(String delta) {
                    text.append(delta);
                }
            };
        });

        assertEquals(List.of(0, 1, 2), started, "each run asks for its listener when it starts, in order");
        assertEquals(1, comparison.prefills());
        for (int i = 0; i < settings.size(); i++) {
            GenerationResult result = comparison.runs().get(i).result();
            assertEquals(result.text(), texts.get(i).toString(), settings.get(i).name());
            assertEquals(IntStream.of(result.tokenIds()).boxed().toList(), ids.get(i), settings.get(i).name());
        }
    }

    @Test
    void aChatPromptComparesAsItGeneratesAlone() {
        Prompt prompt = Prompt.chat(List.of(dev.loupe.inference.ChatMessage.user("Once upon a time, a little fox")));
        ComparisonSetting warm = new ComparisonSetting("warm", SamplerSettings.DEFAULTS, DecodingStrategy.SAMPLING, 42, 30, List.of());
        Comparison comparison = lab.compare(prompt, List.of(warm), CancellationToken.none());
        GenerationResult alone = generator.generate(warm.request(prompt, ComparisonSetting.TOP_ALTERNATIVES), CancellationToken.none(), TokenListener.NONE);
        assertEquals(alone.text(), comparison.runs().getFirst().result().text(), "a chat answer starts at its first visible character");
        assertArrayEquals(alone.tokenIds(), comparison.runs().getFirst().result().tokenIds());
    }

    @Test
    void cancellingAComparisonKeepsTheRunningSettingAndSkipsTheRest() {
        Prompt prompt = Prompt.text("The little dog");
        CancellationToken cancel = new CancellationToken();
        List<ComparisonSetting> settings = List.of(
                new ComparisonSetting("a", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 40, List.of()),
                new ComparisonSetting("b", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 40, List.of()));
        Comparison comparison = lab.compare(prompt, settings, cancel, index -> event -> {
            if (event.index() == 4) {
                cancel.cancel();
            }
        });
        assertEquals(1, comparison.runs().size());
        assertEquals(5, comparison.runs().getFirst().result().generatedTokens());
        assertEquals(dev.loupe.inference.FinishReason.CANCELLED, comparison.runs().getFirst().result().finishReason());
    }

    @Test
    void beamSearchInACompareEqualsBeamSearchAlone() {
        Prompt prompt = Prompt.text("The little dog");
        var beam = new DecodingStrategy.BeamSearch(3, 1.0, false, 1);
        Comparison comparison = lab.compare(prompt, List.of(
                new ComparisonSetting("beam", SamplerSettings.GREEDY, beam, 0, 25, List.of()),
                new ComparisonSetting("greedy", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 25, List.of())), CancellationToken.none());
        var alone = new GenerationRequest(prompt, SamplerSettings.GREEDY, 0, 25, List.of(), ComparisonSetting.TOP_ALTERNATIVES);
        assertArrayEquals(lab.beamSearch(alone, beam, CancellationToken.none()).best().tokenIds(), comparison.runs().get(0).result().tokenIds());
        assertArrayEquals(generator.generate(alone, CancellationToken.none(), TokenListener.NONE).tokenIds(), comparison.runs().get(1).result().tokenIds(),
                "a beam search leaves the shared prompt intact for the next run");
    }

    @Test
    void compareRefusesWhatCannotRun() {
        assertThrows(InvalidSettingsException.class, () -> lab.compare(Prompt.text("x"), List.of(), CancellationToken.none()));
        var beamWithStop = new ComparisonSetting("b", SamplerSettings.GREEDY, DecodingStrategy.BeamSearch.of(2), 0, 5, List.of("."));
        assertThrows(InvalidSettingsException.class, () -> lab.compare(Prompt.text("x"), List.of(beamWithStop), CancellationToken.none()));
        assertThrows(InvalidSettingsException.class, () -> new ComparisonSetting(" ", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 5, List.of()));
        assertThrows(InvalidSettingsException.class, () -> new ComparisonSetting("zero", SamplerSettings.GREEDY, DecodingStrategy.SAMPLING, 0, 0, List.of()));
    }
}
