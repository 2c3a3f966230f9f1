package dev.loupe.inference.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void codePointRangesMatchTheEncodingOfExactlyTheirCodePoints() {
        List<int[]> ranges = new java.util.ArrayList<>(List.of(new int[] {0, Utf8.MAX_CODE_POINT}, new int[] {0x7F, 0x80},
                new int[] {0x7FF, 0x800}, new int[] {0xFFFF, 0x10000}, new int[] {0xD7FF, 0xE000}, new int[] {0x801, 0x1000},
                new int[] {0x41, 0x41}, new int[] {0x10FFFF, 0x10FFFF}, new int[] {0x3B1, 0x3C9}));
        var random = new SplittableRandom(3);
        for (int i = 0; i < 6; i++) {
            int a = random.nextInt(Utf8.MAX_CODE_POINT + 1);
            int b = random.nextInt(Utf8.MAX_CODE_POINT + 1);
            ranges.add(new int[] {Math.min(a, b), Math.max(a, b)});
        }
        for (int[] r : ranges) {
            ByteAutomaton automaton = ByteAutomaton.compile(Utf8.codePoints(List.<int[]>of(r)));
            for (int cp = 0; cp <= Utf8.MAX_CODE_POINT; cp++) {
                boolean expected = cp >= r[0] && cp <= r[1] && (cp < Utf8.SURROGATE_FIRST || cp > Utf8.SURROGATE_LAST);
                byte[] bytes = cp >= Utf8.SURROGATE_FIRST && cp <= Utf8.SURROGATE_LAST ? Utf8.encode(cp) : Character.toString(cp).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (automaton.matches(bytes) != expected) {
                    assertEquals(expected, automaton.matches(bytes), "U+%04X in [%X, %X]".formatted(cp, r[0], r[1]));
                }
            }
        }
    }

    @Test
    void malformedSequencesNeverMatch() {
        ByteAutomaton any = ByteAutomaton.compile(Utf8.codePoints(List.<int[]>of(new int[] {0, Utf8.MAX_CODE_POINT})));
        int[][] malformed = {{0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xF0, 0x80, 0x80, 0x80},
                {0xF0, 0x8F, 0xBF, 0xBF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80},
                {0xFF}, {0x80}, {0xC3}, {0xE2, 0x82}, {0xC3, 0x28}};
        for (int[] sequence : malformed) {
            byte[] bytes = new byte[sequence.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) sequence[i];
            }
            assertFalse(any.matches(bytes), java.util.HexFormat.of().formatHex(bytes));
        }
    }
}
