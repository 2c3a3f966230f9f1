package dev.loupe.inference.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringFilterTest {

    @Test
    void stopStringSplitAcrossTokensIsFoundAndExcluded() {
        StopStringFilter filter = new StopStringFilter(List.of("\n\nUser:"));
        StringBuilder shown = new StringBuilder();
        for (String piece : List.of("The end", ".\n", "\nUs", "er", ":", " more")) {
            shown.append(filter.accept(piece));
        }
        assertTrue(filter.stopped());
        assertEquals("The end.", shown.toString());
        assertEquals("The end.", filter.text());
    }

    @Test
    void heldBackPrefixIsReleasedWhenItTurnsOutNotToBeAStop() {
        StopStringFilter filter = new StopStringFilter(List.of("STOP"));
        assertEquals("go ", filter.accept("go ST"));
        assertEquals("STAY here", filter.accept("AY here"));
        assertFalse(filter.stopped());
    }

    @Test
    void textBeforeTheStopInsideOneTokenIsKept() {
        StopStringFilter filter = new StopStringFilter(List.of("###"));
        assertEquals("answer ", filter.accept("answer ###tail"));
        assertTrue(filter.stopped());
        assertEquals("", filter.accept("more"));
    }

    @Test
    void flushReleasesAPartialMatchAtTheEnd() {
        StopStringFilter filter = new StopStringFilter(List.of("<end>"));
        assertEquals("abc", filter.accept("abc<en"));
        assertEquals("<en", filter.flush());
        assertFalse(filter.stopped());
        assertEquals("abc<en", filter.text());
    }

    @Test
    void earliestOfSeveralStopsWins() {
        StopStringFilter filter = new StopStringFilter(List.of("world", "lo"));
        assertEquals("hel", filter.accept("hello world"));
    }

    @Test
    void withoutStopsEverythingPassesImmediately() {
        StopStringFilter filter = new StopStringFilter(List.of());
        assertEquals("abc", filter.accept("abc"));
        assertEquals("", filter.flush());
    }
}
