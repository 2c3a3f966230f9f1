package dev.loupe.app.storage.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TopToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenChunksTest {
    @Test
    void tokensRoundTripExactlyIncludingOddTextsAndNonFiniteNumbers() {
        List<TokenEvent> tokens = List.of(
                new TokenEvent(5, 1, "", 0f, -104.5f, 0f, List.of()),
                new TokenEvent(6, 2, "🐈 猫", 1f, 0f, Float.NaN, List.of(new TopToken(3, "\uDC00lone", Float.MIN_VALUE))),
                new TokenEvent(7, 3, "\u0000nul", 0.3f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
                        List.of(new TopToken(4, "a", 0.5f), new TopToken(5, "", 0.25f))));

        List<TokenChunks.Chunk> chunks = TokenChunks.encode(tokens);
        List<TokenEvent> back = new ArrayList<>();
        for (var chunk : chunks) {
            TokenChunks.decode(chunk.data(), chunk.firstIndex(), back);
        }

        assertEquals(1, chunks.size());
        assertEquals(5, chunks.getFirst().firstIndex());
        assertEquals(3, chunks.getFirst().count());
        assertEquals(tokens, back);
    }

    @Test
    void largeMessagesSplitIntoChunksBelowTheLimitThatReassembleInOrder() {
        List<TokenEvent> tokens = TestTokens.generate(0, 6_000, 20);

        List<TokenChunks.Chunk> chunks = TokenChunks.encode(tokens);
        List<TokenEvent> back = new ArrayList<>();
        int expectedFirst = 0;
        for (var chunk : chunks) {
            assertEquals(expectedFirst, chunk.firstIndex());
            assertTrue(chunk.data().length < 2 * TokenChunks.MAX_CHUNK_BYTES, "chunk of " + chunk.data().length + " bytes");
            TokenChunks.decode(chunk.data(), chunk.firstIndex(), back);
            expectedFirst += chunk.count();
        }

        assertTrue(chunks.size() > 1, "expected several chunks, got " + chunks.size());
        assertEquals(tokens, back);
    }

    @Test
    void tokensWithAGapAreRefused() {
        List<TokenEvent> gap = List.of(TestTokens.generate(0, 1, 0).getFirst(), TestTokens.generate(2, 1, 0).getFirst());
        assertThrows(IllegalArgumentException.class, () -> TokenChunks.encode(gap));
    }
}
