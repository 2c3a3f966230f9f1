package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.lab.Beam;
import dev.loupe.inference.lab.BeamSearchResult;
import dev.loupe.inference.lab.DecodingStrategy;
import dev.loupe.inference.reference.NaiveDecoding;
import dev.loupe.inference.reference.NaiveLlama;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.inference.FinishReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Beam search and contrastive search on stories260K, against greedy decoding and against plain references. */
class DecodingStrategiesTest {
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

    static GenerationRequest greedy(String prompt, int tokens) {
        return new GenerationRequest(Prompt.text(prompt), SamplerSettings.GREEDY, 0, tokens, List.of(), 5);
    }

    @Test
    void beamWidthOneEqualsGreedyTokenForToken() {
        for (String prompt : List.of("Once upon a time", "The little dog", "Tom and Sue went to the park. They")) {
            GenerationResult plain = generator.generate(greedy(prompt, 60), CancellationToken.none(), TokenListener.NONE);
            for (boolean early : new boolean[] {true, false}) {
                GenerationResult beam = lab.decode(greedy(prompt, 60), new DecodingStrategy.BeamSearch(1, 1.0, early, 1),
                        CancellationToken.none(), TokenListener.NONE);
                assertSameGeneration(plain, beam);
            }
        }
    }

    /**
     * stories260K was trained with BOS between stories and never predicts its EOS; read as llama2.c's run.c reads
     * it (BOS ends a story), its stories end. Near the end of one, beams finish with an end token.
     */
    @Test
    void beamSearchFinishesHypothesesWhenTheStoryEndsLikeTheReference(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("stories-ending-at-bos");
        try (var files = Files.list(SharedModels.stories260K())) {
            Files.createDirectories(model);
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        String config = Files.readString(model.resolve("config.json"));
        Files.writeString(model.resolve("config.json"), config.replaceFirst("\"eos_token_id\"\\s*:\\s*2", "\"eos_token_id\" : [2, 1]"));
        try (JlamaTextGenerator endsAtBos = JlamaTextGenerator.load(model)) {
            ModelLab endingLab = endsAtBos.lab();
            assertTrue(endsAtBos.stopTokens().contains(1), "BOS ends a story: " + endsAtBos.stopTokens());
            GenerationResult story = endsAtBos.generate(greedy("Once upon a time, there was a big bear.", 300), CancellationToken.none(), TokenListener.NONE);
            assertEquals(FinishReason.EOS, story.finishReason());
            int[] start = endsAtBos.encode(Prompt.text("Once upon a time, there was a big bear."));
            int[] nearTheEnd = IntStream.concat(Arrays.stream(start), Arrays.stream(story.tokenIds()).limit(story.generatedTokens() - 6)).toArray();
            var request = new GenerationRequest(new Prompt.Tokens(nearTheEnd), SamplerSettings.GREEDY, 0, 20, List.of(), 5);

            GenerationResult plain = endsAtBos.generate(request, CancellationToken.none(), TokenListener.NONE);
            assertEquals(FinishReason.EOS, plain.finishReason());
            for (boolean early : new boolean[] {true, false}) {
                assertSameGeneration(plain, endingLab.decode(request, new DecodingStrategy.BeamSearch(1, 1.0, early, 1), CancellationToken.none(), TokenListener.NONE));
            }

            NaiveLlama naive = NaiveLlama.load(model);
            for (var beam : List.of(new DecodingStrategy.BeamSearch(3, 1.0, true, 3), new DecodingStrategy.BeamSearch(3, 2.0, false, 3))) {
                BeamSearchResult result = endingLab.beamSearch(request, beam, CancellationToken.none());
                List<NaiveDecoding.Hypothesis> expected = NaiveDecoding.beamSearch(naive, nearTheEnd, 3, beam.lengthPenalty(), beam.earlyStopping(), 20, endsAtBos.stopTokens());
                assertTrue(result.beams().stream().anyMatch(b -> b.finishReason() == FinishReason.EOS), "some beam ends the story");
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected.get(i).ids(), Arrays.stream(result.beams().get(i).tokenIds()).boxed().toList(), "beam " + i + " of " + beam);
                    assertEquals(expected.get(i).score(), result.beams().get(i).score(), 1e-3);
                }
            }
        }
    }

    @Test
    void contrastiveWithAlphaZeroEqualsGreedy() {
        for (String prompt : List.of("Once upon a time", "The little dog")) {
            GenerationResult plain = generator.generate(greedy(prompt, 80), CancellationToken.none(), TokenListener.NONE);
            GenerationResult contrastive = lab.decode(greedy(prompt, 80), new DecodingStrategy.ContrastiveSearch(0, 5),
                    CancellationToken.none(), TokenListener.NONE);
            assertSameGeneration(plain, contrastive);
        }
    }

    @Test
    void beamSearchMatchesThePlainReference() {
        NaiveLlama naive = NaiveLlama.load(SharedModels.stories260K());
        int[] prompt = generator.encode(Prompt.text("Once upon a time"));
        for (var beam : List.of(new DecodingStrategy.BeamSearch(3, 1.0, true, 3), new DecodingStrategy.BeamSearch(4, 0.5, false, 4))) {
            BeamSearchResult result = lab.beamSearch(greedy("Once upon a time", 24), beam, CancellationToken.none());
            List<NaiveDecoding.Hypothesis> expected = NaiveDecoding.beamSearch(naive, prompt, beam.width(), beam.lengthPenalty(),
                    beam.earlyStopping(), 24, generator.stopTokens());
            assertEquals(beam.sequences(), result.beams().size());
            for (int i = 0; i < beam.sequences(); i++) {
                Beam got = result.beams().get(i);
                NaiveDecoding.Hypothesis want = expected.get(i);
                assertEquals(want.ids(), Arrays.stream(got.tokenIds()).boxed().toList(), "beam " + i + " of " + beam);
                assertEquals(want.logProbability(), got.logProbability(), 1e-3, "log-probability of beam " + i);
                assertEquals(want.score(), got.score(), 1e-3, "score of beam " + i);
            }
        }
    }

    @Test
    void beamsAreRankedAndTheirLogProbabilityIsTheSumOfTheirTokens() {
        BeamSearchResult result = lab.beamSearch(greedy("The little dog", 30), new DecodingStrategy.BeamSearch(4, 1.0, false, 4), CancellationToken.none());
        GenerationResult plain = generator.generate(greedy("The little dog", 30), CancellationToken.none(), TokenListener.NONE);
        double greedySum = plain.tokens().stream().mapToDouble(TokenEvent::logprob).sum();
        for (int i = 0; i < result.beams().size(); i++) {
            Beam beam = result.beams().get(i);
            double sum = beam.tokens().stream().mapToDouble(TokenEvent::logprob).sum();
            assertEquals(sum, beam.logProbability(), 1e-3);
            assertEquals(beam.logProbability() / Math.pow(beam.tokenIds().length, 1.0), beam.score(), 1e-9);
            if (i > 0) {
                assertTrue(result.beams().get(i - 1).score() >= beam.score(), "beams are best first");
            }
        }
        Beam best = result.beams().getFirst();
        assertEquals(best.text(), result.best().text());
        assertTrue(best.score() >= greedySum / plain.generatedTokens() - 1e-9, "four beams find at least what greedy finds");
    }

    @Test
    void contrastiveSearchMatchesThePlainReference() {
        NaiveLlama naive = NaiveLlama.load(SharedModels.stories260K());
        for (String text : List.of("Once upon a time", "The little dog")) {
            int[] prompt = generator.encode(Prompt.text(text));
            var settings = new DecodingStrategy.ContrastiveSearch(0.6, 4);
            GenerationResult engine = lab.decode(greedy(text, 40), settings, CancellationToken.none(), TokenListener.NONE);
            List<Integer> expected = NaiveDecoding.contrastive(naive, prompt, 0.6, 4, 40, generator.stopTokens());
            assertEquals(expected, Arrays.stream(engine.tokenIds()).boxed().toList(), text);
        }
    }

    @Test
    void contrastivePenaltyChangesTheOutputAndCostsTopKForwardPassesPerToken() {
        GenerationResult plain = generator.generate(greedy("Once upon a time", 40), CancellationToken.none(), TokenListener.NONE);
        long before = generator.positionsComputed();
        GenerationResult contrastive = lab.decode(greedy("Once upon a time", 40), new DecodingStrategy.ContrastiveSearch(0.6, 4),
                CancellationToken.none(), TokenListener.NONE);
        long computed = generator.positionsComputed() - before;
        assertNotEquals(Arrays.toString(plain.tokenIds()), Arrays.toString(contrastive.tokenIds()));
        int prompt = contrastive.promptTokens();
        // The prompt once, then 4 candidates per token; the winner's pass is kept, not run again.
        assertEquals(prompt + 4L * contrastive.generatedTokens(), computed);
    }

    @Test
    void beamSearchStreamsTheBestBeamAfterTheSearch() {
        List<TokenEvent> streamed = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        GenerationResult result = lab.decode(greedy("Once upon a time", 20), DecodingStrategy.BeamSearch.of(3), CancellationToken.none(), new TokenListener() {
            @Override
            public void onToken(TokenEvent event) {
                streamed.add(event);
            }

            @Override
            public void onText(String delta) {
                text.append(delta);
            }
        });
        assertEquals(result.tokens(), streamed);
        assertEquals(result.text(), text.toString());
    }

    @Test
    void beamSearchRefusesStopStringsWithAReason() {
        var request = new GenerationRequest(Prompt.text("Once"), SamplerSettings.GREEDY, 0, 10, List.of("."), 0);
        var e = assertThrows(InvalidSettingsException.class, () -> lab.beamSearch(request, DecodingStrategy.BeamSearch.of(2), CancellationToken.none()));
        assertTrue(e.getMessage().contains("stop strings"), e.getMessage());
    }

    @Test
    void strategySettingsAreValidated() {
        assertThrows(InvalidSettingsException.class, () -> new DecodingStrategy.BeamSearch(0, 1, true, 1));
        assertThrows(InvalidSettingsException.class, () -> new DecodingStrategy.BeamSearch(2, 1, true, 3));
        assertThrows(InvalidSettingsException.class, () -> new DecodingStrategy.ContrastiveSearch(1.5, 4));
        assertThrows(InvalidSettingsException.class, () -> new DecodingStrategy.ContrastiveSearch(0.5, 0));
    }

    private static void assertSameGeneration(GenerationResult expected, GenerationResult actual) {
        assertArrayEquals(expected.tokenIds(), actual.tokenIds());
        assertEquals(expected.text(), actual.text());
        assertEquals(expected.finishReason(), actual.finishReason());
        for (int i = 0; i < expected.generatedTokens(); i++) {
            TokenEvent e = expected.tokens().get(i);
            TokenEvent a = actual.tokens().get(i);
            assertEquals(e.prob(), a.prob(), 1e-6, "probability at step " + i);
            assertEquals(e.text(), a.text(), "text at step " + i);
            assertEquals(e.top(), a.top(), "alternatives at step " + i);
        }
    }
}
