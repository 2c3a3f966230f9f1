package dev.loupe.inference.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The regex subset against java.util.regex, the reference for what each construct means. */
class RegexCompilerTest {
    private static final String ALPHABET = "abcxyze019-_ .,*+?()[]\\|\n\r\tAZé😀ωΩ\u2028";

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a|bc|", "[a-c]+x?", "(ab|cd)*e", "\\d{2,4}-\\w+", "[^a-z]{1,3}", ".+", "colou?r", "(?:x|yz){2}",
            "[\\s,]*", "\\x41\\u00e9\\x{1F600}", "[α-ω]+", "[^\\d\\s]", "a{3}", "a{2,}", "(a*)*b", "[-a]+", "[a-]+", "\\.\\*\\+\\?\\(\\)",
            "é+|ü", "^ab$", "[^\\W_]+", "\\S\\D", "z{0,2}?y", "(a|ab)(c|bcd)", "\\t\\n\\r\\f\\e\\a\\0101", "[\\x{1F600}-\\x{1F64F}a]",
            "(((a)))", "[\\]\\[]", "x*?"})
    void agreesWithJavaRegexOnRandomAndGeneratedStrings(String regex) {
        ByteAutomaton automaton = RegexCompiler.compile(regex);
        Pattern reference = Pattern.compile(regex);
        var random = new SplittableRandom(regex.hashCode());
        int[] alphabet = (ALPHABET + regex).codePoints().distinct().toArray();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(7);
            for (int k = 0; k < length; k++) {
                s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = s.toString();
            assertEquals(reference.matcher(text).matches(), automaton.matches(text.getBytes(StandardCharsets.UTF_8)),
                    () -> "regex " + regex + " on " + text.replace("\n", "\\n"));
        }
        RandomMatches matches = new RandomMatches(automaton);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = matches.sample(random, 12, 0.3);
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(reference.matcher(text).matches(), () -> "regex " + regex + " should match its own sample " + text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?=a)b|lookaround", "a\\1|escape '\\1'", "\\bword|escape '\\b'", "a{3,2}|maximum is below its minimum",
            "(ab|never closed", "ab)|unmatched ')'", "[a-|never closed", "*a|nothing to repeat", "a++|possessive", "[z-a]|end comes before",
            "\\p{L}|escape '\\p'", "a{2000}|above 1000", "a^b|'^' after the start", "a$b|'$' before the end", "[a&&b]|intersection",
            "(?i)a|flags", "[]|empty character class", "a{x}|not a number", "abc\\|'\\' at the end", "\\x4|needs 2 digits"})
    void unsupportedOrBrokenRegexesAreRejectedWithThePosition(String row) {
        int split = row.lastIndexOf('|');
        String regex = row.substring(0, split);
        var e = assertThrows(InvalidConstraintException.class, () -> RegexCompiler.compile(regex));
        assertTrue(e.getMessage().contains(row.substring(split + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("at position "), e.getMessage());
        JsonSchemaCompilerTest.assertOneSentence(e.getMessage());
    }
}
