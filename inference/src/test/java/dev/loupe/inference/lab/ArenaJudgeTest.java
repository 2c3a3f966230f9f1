package dev.loupe.inference.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.InvalidSettingsException;
import dev.loupe.inference.testing.SharedModels;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arena judge on stories260K: a model that cannot judge still always names one of the answers. */
class ArenaJudgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static JlamaTextGenerator judge;

    @BeforeAll
    static void load() {
        judge = JlamaTextGenerator.load(SharedModels.stories260K());
    }

    @AfterAll
    static void close() {
        if (judge != null) {
            judge.close();
        }
    }

    @Test
    void theVerdictAlwaysNamesOneOfTheAnswersInValidJson() throws Exception {
        List<String> answers = List.of("Tom went to the park. He saw a big dog.", "The cat sat. The cat sat. The cat sat.",
                "Lily found a red ball and gave it to her friend.", "Once upon a time there was a boy.");
        for (int count = 2; count <= 4; count++) {
            JudgeVerdict verdict = ArenaJudge.judge(judge, "Tell me a story about a ball.", answers.subList(0, count), "",
                    CancellationToken.none(), TokenListener.NONE);
            assertTrue(verdict.winner() >= 0 && verdict.winner() < count, verdict.toString());
            JsonNode output = JSON.readTree(verdict.output());
            assertEquals(verdict.winnerLabel(), output.get("winner").asText());
            assertEquals(verdict.reason(), output.get("reason").asText());
            assertTrue(verdict.reason().length() <= ArenaJudge.REASON_MAX_CHARS);
            assertFalse(verdict.shortened());
        }
    }

    @Test
    void greedyJudgingRepeatsItsVerdict() {
        List<String> answers = List.of("A dog ran.", "A girl played with her toys in the sun.");
        JudgeVerdict first = ArenaJudge.judge(judge, "Write about play.", answers, "Prefer the longer story.", CancellationToken.none(), TokenListener.NONE);
        JudgeVerdict again = ArenaJudge.judge(judge, "Write about play.", answers, "Prefer the longer story.", CancellationToken.none(), TokenListener.NONE);
        assertEquals(first, again);
    }

    @Test
    void answersTooLongForTheContextAreCutToFit() {
        String longAnswer = "The little bird sang a happy song in the tall green tree every day. ".repeat(30);
        JudgeVerdict verdict = ArenaJudge.judge(judge, "Tell a story.", List.of(longAnswer, longAnswer, longAnswer), "",
                CancellationToken.none(), TokenListener.NONE);
        assertTrue(verdict.shortened());
        assertTrue(verdict.winner() < 3);
    }

    @Test
    void aPromptThatLeavesNoRoomIsRefusedAndWrongCountsToo() {
        String huge = "Once upon a time there was a big red ball. ".repeat(80);
        assertThrows(PromptTooLongException.class, () -> ArenaJudge.judge(judge, huge, List.of("a", "b"), "", CancellationToken.none(), TokenListener.NONE));
        assertThrows(InvalidSettingsException.class, () -> ArenaJudge.judge(judge, "x", List.of("only one"), "", CancellationToken.none(), TokenListener.NONE));
    }

    @Test
    void anOutputCutShortStillGivesTheWinnerItNamed() {
        JudgeVerdict verdict = ArenaJudge.verdict("{\"winner\": \"B\", \"reason\": \"it is lon", 3, false);
        assertEquals(1, verdict.winner());
        assertEquals("it is lon…", verdict.reason());
        assertThrows(LoupeException.class, () -> ArenaJudge.verdict("{\"winner\": \"", 3, false));
        assertThrows(LoupeException.class, () -> ArenaJudge.verdict("{\"winner\": \"D\", \"reason\": \"x\"}", 3, false));
    }
}
