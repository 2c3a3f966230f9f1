package dev.loupe.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenHistoryTest {
    @Test
    void growsPastItsInitialCapacityKeepingOrder() {
        var history = new TokenHistory();
        for (int i = 0; i < 1000; i++) {
            history.add(i * 3);
        }
        assertEquals(1000, history.size());
        assertEquals(0, history.get(0));
        assertEquals(2997, history.get(999));
    }

    @Test
    void windowStartPointsAtTheLastNTokensOrTheWholeHistory() {
        var history = TokenHistory.of(5, 6, 7, 8);
        assertEquals(2, history.windowStart(2));
        assertEquals(0, history.windowStart(10));
        assertEquals(0, history.windowStart(0), "0 means all tokens");
    }

    @Test
    void rejectsNegativeIdsAndIndexesOutside() {
        var history = TokenHistory.of(1, 2);
        assertThrows(IllegalArgumentException.class, () -> history.add(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> history.get(2));
        history.clear();
        assertArrayEquals(new int[0], history.toArray());
    }
}
