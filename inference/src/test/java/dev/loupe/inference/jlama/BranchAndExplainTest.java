package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.ModelLab;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.TopToken;
import dev.loupe.inference.lab.Branch;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.sampling.StepExplanation;
import dev.loupe.inference.sampling.StepExplanation.Kind;
import dev.loupe.inference.testing.SharedModels;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Explaining steps and branching generations on stories260K. */
class BranchAndExplainTest {
    /** Every step of the chain on: penalties, temperature and all four filters. */
    static final SamplerSettings EVERYTHING = new SamplerSettings(0.9, 40, 0.95, 0.02, 0.97, 1.1, 0.1, 0.1, 64, Map.of(13, -1f));

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

    static GenerationRequest sampled(String prompt, int tokens, long seed) {
        return new GenerationRequest(Prompt.text(prompt), EVERYTHING, seed, tokens, List.of(), 5);
    }

    @Test
    void explainStepReproducesTheDrawnTokenForAHundredSeededDraws() {
        for (long seed = 0; seed < 100; seed++) {
            int step = (int) (seed % 8);
            try (Branch branch = lab.generateBranch(sampled("Once upon a time", 8, seed), CancellationToken.none(), TokenListener.NONE)) {
                StepExplanation explanation = branch.explainStep(step, 5);
                assertEquals(branch.result().tokens().get(step).id(), explanation.chosenId(), "seed " + seed + " step " + step);
                assertFalse(explanation.greedy());
                if (seed % 10 == 0) {
                    assertEquals(explanation, lab.explainStep(sampled("Once upon a time", 8, seed), step, 5), "replayed from the request alone");
                }
            }
        }
    }

    @Test
    void everyStepOfALongGenerationIsExplainedAsItWasSampled() {
        try (Branch branch = lab.generateBranch(sampled("The little dog", 150, 77), CancellationToken.none(), TokenListener.NONE)) {
            assertEquals(150, branch.result().generatedTokens());
            for (int step = 0; step < 150; step++) {
                assertEquals(branch.result().tokens().get(step).id(), branch.explainStep(step, 3).chosenId(), "step " + step);
            }
        }
    }

    @Test
    void explanationShowsEveryStageAndTheRawStageIsTheModelsOwnDistribution() {
        try (Branch branch = lab.generateBranch(sampled("Once upon a time", 20, 5), CancellationToken.none(), TokenListener.NONE)) {
            StepExplanation e = branch.explainStep(12, 5);
            assertEquals(List.of(Kind.RAW, Kind.REPETITION_PENALTY, Kind.FREQUENCY_PENALTY, Kind.PRESENCE_PENALTY, Kind.LOGIT_BIAS,
                    Kind.TEMPERATURE, Kind.TOP_K, Kind.TOP_P, Kind.MIN_P, Kind.TYPICAL_P, Kind.FINAL), e.stages().stream().map(StepExplanation.Stage::kind).toList());
            assertTrue(e.stage(Kind.TOP_K).orElseThrow().candidateCount() <= 40);
            for (var stage : e.stages()) {
                if (stage.kind().filter()) {
                    assertTrue(stage.keptMass() > 0 && stage.keptMass() <= 1 && stage.cutoffProbability() > 0, stage.toString());
                }
            }
            TokenEvent event = branch.result().tokens().get(12);
            List<StepExplanation.TokenProbability> raw = e.stage(Kind.RAW).orElseThrow().top();
            for (int i = 0; i < raw.size(); i++) {
                TopToken alternative = event.top().get(i);
                assertEquals(alternative.id(), raw.get(i).id());
                assertEquals(alternative.prob(), raw.get(i).probability(), 1e-5);
            }
        }
    }

    @Test
    void greedyStepsAreExplainedWithoutADraw() {
        var request = new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.GREEDY, 0, 10, List.of(), 3);
        try (Branch branch = lab.generateBranch(request, CancellationToken.none(), TokenListener.NONE)) {
            StepExplanation e = branch.explainStep(4, 3);
            assertTrue(e.greedy());
            assertEquals(branch.result().tokens().get(4).top().getFirst().id(), e.chosenId());
        }
    }

    /** Forbids repeating the previous token: its mask depends on state, so an explanation must rebuild it. */
    static final TokenConstraint NO_IMMEDIATE_REPEAT = () -> new TokenConstraint.State() {
        private int last = -1;

        @Override
        public void mask(float[] logits) {
            if (last >= 0) {
                logits[last] = Float.NEGATIVE_INFINITY;
            }
        }

        @Override
        public void accept(int tokenId) {
            last = tokenId;
        }

        @Override
        public boolean isComplete() {
            return false;
        }
    };

    @Test
    void explanationReplaysTheOutputConstraintsState() {
        var request = sampled("Once upon a time", 60, 3).withConstraint(NO_IMMEDIATE_REPEAT);
        try (Branch branch = lab.generateBranch(request, CancellationToken.none(), TokenListener.NONE)) {
            int[] ids = branch.result().tokenIds();
            for (int step = 1; step < ids.length; step++) {
                assertNotEquals(ids[step - 1], ids[step]);
                StepExplanation e = branch.explainStep(step, 5);
                assertEquals(ids[step], e.chosenId(), "step " + step);
                int previous = ids[step - 1];
                assertTrue(e.stage(Kind.RAW).orElseThrow().top().stream().noneMatch(t -> t.id() == previous), "the masked token is out at step " + step);
            }
        }
    }

    @Test
    void forkReusesThePrefixWithoutComputingItAgain() {
        var request = new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.GREEDY, 0, 40, List.of(), 5);
        try (Branch parent = lab.generateBranch(request, CancellationToken.none(), TokenListener.NONE)) {
            int step = 10;
            TopToken second = parent.result().tokens().get(step).top().get(1);
            int position = parent.contextTokens() + step;
            long before = generator.positionsComputed();
            var continuation = new GenerationRequest(Prompt.text(""), SamplerSettings.GREEDY, 0, 25, List.of(), 5);
            try (Branch fork = parent.fork(position, second.id(), continuation, CancellationToken.none(), TokenListener.NONE)) {
                long computed = generator.positionsComputed() - before;
                // The forced token and every generated one but the last are run; no position before `position` is.
                assertEquals(fork.result().generatedTokens() - 1, computed);
                assertEquals(position, fork.contextTokens());
                assertEquals(position, fork.result().reusedPromptTokens());
                assertArrayEquals(Arrays.copyOf(parent.tokenIds(), position), Arrays.copyOf(fork.tokenIds(), position));
                TokenEvent forced = fork.result().tokens().getFirst();
                assertEquals(second.id(), forced.id());
                assertEquals(second.prob(), forced.prob(), "the forced token's probability is the parent's, bit for bit");
                assertNotEquals(parent.result().text(), fork.result().text());
            }
        }
    }

    @Test
    void forkContinuesExactlyAsAFreshGenerationFromTheSameTokens() {
        try (Branch parent = lab.generateBranch(sampled("Once upon a time", 30, 11), CancellationToken.none(), TokenListener.NONE)) {
            int position = parent.contextTokens() + 7;
            int forced = parent.result().tokens().get(7).top().get(2).id();
            GenerationRequest continuation = sampled("", 31, 99);
            try (Branch fork = parent.fork(position, forced, continuation, CancellationToken.none(), TokenListener.NONE)) {
                int[] prefix = Arrays.copyOf(parent.tokenIds(), position + 1);
                prefix[position] = forced;
                var request = new GenerationRequest(new Prompt.Tokens(prefix), EVERYTHING, 99, 30, List.of(), 5);
                GenerationResult fresh = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
                List<TokenEvent> continued = fork.result().tokens().subList(1, fork.result().generatedTokens());
                assertArrayEquals(fresh.tokenIds(), continued.stream().mapToInt(TokenEvent::id).toArray());
                for (int i = 0; i < fresh.generatedTokens(); i++) {
                    assertEquals(fresh.tokens().get(i).prob(), continued.get(i).prob(), 1e-5, "step " + i);
                }
                for (int step = 1; step < fork.result().generatedTokens(); step++) {
                    assertEquals(fork.result().tokens().get(step).id(), fork.explainStep(step, 2).chosenId());
                }
            }
        }
    }

    @Test
    void branchesLiveSideBySideAndOutliveEachOther() {
        Branch parent = lab.generateBranch(sampled("The little dog", 30, 1), CancellationToken.none(), TokenListener.NONE);
        int[] parentIds = parent.tokenIds();
        Branch a = parent.fork(parent.contextTokens() + 3, parent.result().tokens().get(3).top().get(1).id(), sampled("", 20, 2),
                CancellationToken.none(), TokenListener.NONE);
        Branch b = parent.fork(parentIds.length, 13, sampled("", 20, 3), CancellationToken.none(), TokenListener.NONE);
        Branch c = a.fork(a.tokenIds().length - 5, 42, sampled("", 10, 4), CancellationToken.none(), TokenListener.NONE);
        parent.close();
        a.close();
        assertArrayEquals(Arrays.copyOf(parentIds, parentIds.length), Arrays.copyOf(b.tokenIds(), parentIds.length));
        for (Branch live : List.of(b, c)) {
            for (int step = 1; step < live.result().generatedTokens(); step++) {
                assertEquals(live.result().tokens().get(step).id(), live.explainStep(step, 2).chosenId());
            }
            live.close();
        }
        assertThrows(IllegalStateException.class, () -> b.explainStep(1, 2));
    }

    @Test
    void forcedAndMissingStepsAreRefusedWithAReason() {
        try (Branch parent = lab.generateBranch(sampled("Once", 10, 1), CancellationToken.none(), TokenListener.NONE);
             Branch fork = parent.fork(2, 42, sampled("", 5, 1), CancellationToken.none(), TokenListener.NONE)) {
            var forced = assertThrows(LoupeException.class, () -> fork.explainStep(0, 3));
            assertTrue(forced.getMessage().contains("forced"), forced.getMessage());
            var missing = assertThrows(LoupeException.class, () -> parent.explainStep(10, 3));
            assertTrue(missing.getMessage().contains("0 to 9"), missing.getMessage());
            assertThrows(InvalidSettingsException.class, () -> parent.fork(0, 42, sampled("", 5, 1), CancellationToken.none(), TokenListener.NONE));
            assertThrows(InvalidSettingsException.class, () -> parent.fork(parent.tokenIds().length + 1, 42, sampled("", 5, 1), CancellationToken.none(), TokenListener.NONE));
            assertThrows(InvalidSettingsException.class, () -> parent.fork(3, 512, sampled("", 5, 1), CancellationToken.none(), TokenListener.NONE));
        }
    }
}
