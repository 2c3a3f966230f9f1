package dev.loupe.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenLayoutTest {
    private static TokenLayout layout(List<String> texts, double width) {
        return TokenLayout.of(texts.stream().map(TokenLayout::shown).toList(), String::length, i -> TokenLayout.breaksLine(texts.get(i)), width);
    }

    @Test
    void tokensWrapAtTheWidthAndLineBreaksEndTheirLine() {
        TokenLayout l = layout(List.of("aaa", "bb", "cc", "d\n", "ee", "ffffffffff", "g"), 6);
        assertEquals(5, l.lineCount());
        assertEquals(List.of(0, 0, 1, 1, 2, 3, 4), List.of(l.lineOf(0), l.lineOf(1), l.lineOf(2), l.lineOf(3), l.lineOf(4), l.lineOf(5), l.lineOf(6)));
        assertEquals(3.0, l.xOf(1));
        assertEquals(0.0, l.xOf(2));
        assertEquals(10.0, l.widthOf(5), "a token wider than the line gets a line of its own");
        assertEquals(5, l.firstOf(3));
        assertEquals(7, l.endOf(4));
    }

    @Test
    void hitTestingFindsTheTokenUnderAPoint() {
        TokenLayout l = layout(List.of("aaa", "bb", "cc"), 100);
        assertEquals(0, l.tokenAt(0, 0));
        assertEquals(0, l.tokenAt(0, 2.9));
        assertEquals(1, l.tokenAt(0, 3));
        assertEquals(2, l.tokenAt(0, 6.5));
        assertEquals(-1, l.tokenAt(0, 7));
        assertEquals(-1, l.tokenAt(1, 0));
        assertEquals(-1, l.tokenAt(0, -1));
    }

    @Test
    void invisibleCharactersAreShown() {
        assertEquals("↵", TokenLayout.shown("\n"));
        assertEquals("→x", TokenLayout.shown("\tx"));
        assertEquals("∅", TokenLayout.shown(""));
        assertEquals(0, layout(List.of(), 10).lineCount());
    }
}
