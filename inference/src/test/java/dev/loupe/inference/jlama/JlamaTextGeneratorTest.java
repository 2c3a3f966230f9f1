package dev.loupe.inference.jlama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.ChatSession;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decode loop on the real stories260K weights. */
class JlamaTextGeneratorTest {
    static final String LILY = ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big,"
            + " red ball. She wanted to play with it, but it was too high.";

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

    static GenerationRequest greedy(String prompt, int tokens) {
        return new GenerationRequest(Prompt.text(prompt), SamplerSettings.GREEDY, 0, tokens, List.of(), 20);
    }

    static GenerationRequest sampled(String prompt, int tokens, long seed) {
        return new GenerationRequest(Prompt.text(prompt), SamplerSettings.DEFAULTS.withTemperature(1.0), seed, tokens, List.of(), 5);
    }

    @Test
    void greedyContinuationReproducesTheLlama2cReference() {
        GenerationResult result = generator.generate(greedy("Once upon a time", 60), CancellationToken.none(), TokenListener.NONE);
        assertTrue(result.text().startsWith(LILY), result.text());
        String streamed = result.tokens().stream().map(TokenEvent::text).collect(Collectors.joining());
        assertEquals(result.text(), streamed.substring(0, result.text().length()));
    }

    @Test
    void greedyTokenIsAlwaysTheMostProbableAndProbabilitiesAreConsistent() {
        GenerationResult result = generator.generate(greedy("Once upon a time", 40), CancellationToken.none(), TokenListener.NONE);
        for (TokenEvent e : result.tokens()) {
            assertEquals(e.top().getFirst().id(), e.id(), "greedy picks the top-1 at step " + e.index());
            assertEquals(Math.log(e.prob()), e.logprob(), 1e-4);
            assertTrue(e.entropy() >= 0 && e.entropy() <= Math.log(512) + 1e-4);
            double mass = e.top().stream().mapToDouble(t -> t.prob()).sum();
            assertTrue(mass <= 1 + 1e-4, "top-20 mass " + mass);
            for (int i = 1; i < e.top().size(); i++) {
                assertTrue(e.top().get(i - 1).prob() >= e.top().get(i).prob());
            }
        }
    }

    @Test
    void sameSeedSameTokensDifferentSeedsDiffer() {
        int[] a = generator.generate(sampled("Once upon a time", 40, 7), CancellationToken.none(), TokenListener.NONE).tokenIds();
        int[] b = generator.generate(sampled("Once upon a time", 40, 7), CancellationToken.none(), TokenListener.NONE).tokenIds();
        int[] c = generator.generate(sampled("Once upon a time", 40, 8), CancellationToken.none(), TokenListener.NONE).tokenIds();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c), "seeds 7 and 8 gave the same 40 tokens");
    }

    @Test
    void cancelStopsWithinOneToken() {
        CancellationToken cancel = new CancellationToken();
        List<TokenEvent> seen = new ArrayList<>();
        GenerationResult result = generator.generate(greedy("Once upon a time", 100), cancel, event -> {
            seen.add(event);
            if (event.index() == 4) {
                cancel.cancel();
            }
        });
        assertEquals(FinishReason.CANCELLED, result.finishReason());
        assertEquals(5, result.generatedTokens());
        assertEquals(5, seen.size());
        assertTrue(LILY.startsWith(result.text()), result.text());
    }

    @Test
    void stopStringSpanningTokensEndsGenerationAndIsExcluded() {
        var request = new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.GREEDY, 0, 60, List.of("named Li"), 0);
        StringBuilder streamed = new StringBuilder();
        GenerationResult result = generator.generate(request, CancellationToken.none(), new TokenListener() {
            @Override
            public void onToken(TokenEvent event) {}

            @Override
            public void onText(String delta) {
                streamed.append(delta);
            }
        });
        assertEquals(FinishReason.STOP_STRING, result.finishReason());
        assertEquals(", there was a little girl ", result.text());
        assertEquals(result.text(), streamed.toString());
    }

    @Test
    void aStoryEndsAtTheEndOfSequenceAndSpecialTokensNeverReachTheText() {
        // Long enough for stories260K to finish its story and write a delimiter (BOS, as llama2.c trained it).
        GenerationResult result = generator.generate(sampled("Once upon a time", 400, 3), CancellationToken.none(), TokenListener.NONE);
        assertEquals(FinishReason.EOS, result.finishReason(), result.text());
        assertTrue(generator.stopTokens().containsAll(Set.of(1, 2)), "BOS and EOS both end a story");
        assertFalse(result.text().contains("<s>") || result.text().contains("</s>"), result.text());
    }

    @Test
    void maxTokensEndsGeneration() {
        GenerationResult result = generator.generate(greedy("Once upon a time", 3), CancellationToken.none(), TokenListener.NONE);
        assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
        assertEquals(3, result.generatedTokens());
    }

    @Test
    void promptLongerThanTheContextIsRejectedClearly() {
        var e = assertThrows(PromptTooLongException.class,
                () -> generator.generate(greedy("Once upon a time", 510), CancellationToken.none(), TokenListener.NONE));
        assertEquals(506, e.contextTokens()); // 512 minus the 2 x (4 - 1) positions Jlama 0.8.4 cannot rotate
        assertTrue(e.getMessage().contains("context holds 506 tokens"), e.getMessage());
        String huge = "The cat sat. ".repeat(400);
        assertThrows(PromptTooLongException.class, () -> generator.generate(greedy(huge, 1), CancellationToken.none(), TokenListener.NONE));
    }

    @Test
    void generationCanFillTheWholeUsableContext() {
        int prompt = generator.encode(Prompt.text("Once upon a time")).length;
        int room = generator.contextTokens() - prompt;
        Map<Integer, Float> noEnd = generator.stopTokens().stream().collect(Collectors.toMap(id -> id, id -> -1e4f));
        var request = new GenerationRequest(Prompt.text("Once upon a time"), SamplerSettings.GREEDY.withLogitBias(noEnd), 0, room, List.of(), 0);
        GenerationResult result = generator.generate(request, CancellationToken.none(), TokenListener.NONE);
        assertEquals(room, result.generatedTokens());
        assertEquals(FinishReason.MAX_TOKENS, result.finishReason());
    }

    @Test
    void followUpTurnPrefillsOnlyItsNewTokensAndMatchesAFreshRun() {
        List<ChatMessage> turn1 = List.of(ChatMessage.user("Once upon a time"));
        try (ChatSession session = generator.openSession()) {
            GenerationResult first = session.generate(chatGreedy(turn1, 20), CancellationToken.none(), TokenListener.NONE);
            List<ChatMessage> turn2 = new ArrayList<>(turn1);
            turn2.add(ChatMessage.assistant(first.text()));
            turn2.add(ChatMessage.user("The next day"));
            GenerationResult second = session.generate(chatGreedy(turn2, 20), CancellationToken.none(), TokenListener.NONE);
            int prompt2 = generator.encode(Prompt.chat(turn2)).length;
            assertTrue(second.reusedPromptTokens() >= first.promptTokens(), "reused " + second.reusedPromptTokens());
            assertTrue(prompt2 - second.reusedPromptTokens() <= 8, "prefilled " + (prompt2 - second.reusedPromptTokens()));
            GenerationResult fresh = generator.generate(chatGreedy(turn2, 20), CancellationToken.none(), TokenListener.NONE);
            assertEquals(0, fresh.reusedPromptTokens());
            assertArrayEquals(fresh.tokenIds(), second.tokenIds(), "the cached prefix must give the same tokens as a fresh prefill");
        }
    }

    @Test
    void aChatAnswerStartsAtItsFirstVisibleCharacter() {
        // The model continues "Once upon a time," with " there": the space is the first token's, not the answer's.
        GenerationResult result = generator.generate(chatGreedy(List.of(ChatMessage.user("Once upon a time,")), 10),
                CancellationToken.none(), TokenListener.NONE);
        assertTrue(result.tokens().getFirst().text().startsWith(" "), "the first token keeps its own text");
        assertTrue(result.text().startsWith("there"), result.text());
    }

    @Test
    void repeatingTheSamePromptInASessionReusesAllButTheLastToken() {
        try (ChatSession session = generator.openSession()) {
            GenerationResult a = session.generate(greedy("Once upon a time", 10), CancellationToken.none(), TokenListener.NONE);
            GenerationResult b = session.generate(greedy("Once upon a time", 10), CancellationToken.none(), TokenListener.NONE);
            assertEquals(a.promptTokens() - 1, b.reusedPromptTokens());
            assertArrayEquals(a.tokenIds(), b.tokenIds());
        }
    }

    /** Jlama names KV cache page files {@code <session>-<page>.page}; ours stay in memory and leave none. */
    @Test
    void generationLeavesNoKvPageFilesBehind() throws IOException {
        Set<Path> before = pageFiles();
        try (ChatSession session = generator.openSession()) {
            session.generate(greedy("Once upon a time", 30), CancellationToken.none(), TokenListener.NONE);
        }
        generator.generate(greedy("Once upon a time", 30), CancellationToken.none(), TokenListener.NONE);
        assertEquals(before, pageFiles());
    }

    private static Set<Path> pageFiles() throws IOException {
        Set<Path> pages = new java.util.HashSet<>();
        // Other processes share the temp folder: entries that vanish while it is walked are passed over.
        Files.walkFileTree(Path.of(System.getProperty("java.io.tmpdir")), Set.of(), 3, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (file.getFileName().toString().endsWith(".page")) {
                    pages.add(file);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return pages;
    }

    static GenerationRequest chatGreedy(List<ChatMessage> messages, int tokens) {
        return new GenerationRequest(Prompt.chat(messages), SamplerSettings.GREEDY, 0, tokens, List.of(), 0);
    }

    @Test
    void differentPromptsGiveDifferentContinuations() {
        var a = generator.generate(greedy("Once upon a time", 10), CancellationToken.none(), TokenListener.NONE);
        var b = generator.generate(greedy("The dog", 10), CancellationToken.none(), TokenListener.NONE);
        assertNotEquals(a.text(), b.text());
    }
}
