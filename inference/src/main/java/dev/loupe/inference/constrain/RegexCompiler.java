package dev.loupe.inference.constrain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compiles a regular expression into a {@link ByteAutomaton} over the UTF-8 bytes of the text. The whole output
 * must match (anchors are implied; a leading {@code ^} and a trailing {@code $} are allowed and change nothing).
 *
 * <p>The subset follows {@code java.util.regex} where it overlaps: literals (any Unicode character), {@code .}
 * (any character but the line terminators \n \r U+0085 U+2028 U+2029), classes {@code [a-z_]} and
 * {@code [^...]} with ranges, the escapes {@code \d \D \w \W \s \S \t \n \r \f \e \0nn \xhh \x{h..h} }{@code &#92;uhhhh}
 * and any escaped punctuation, groups {@code (...)} and {@code (?:...)}, alternation {@code |}, and the
 * quantifiers {@code * + ? {m} {m,} {m,n}} (lazy forms allowed: they match the same strings). Everything else
 * (backreferences, lookaround, word boundaries, flags, possessive quantifiers, class intersections, Unicode
 * properties) is rejected with an {@link InvalidConstraintException} naming the position.
 */
public final class RegexCompiler {
    /** Upper bound of {m,n} counts, so that unrolled repetitions stay small. */
    public static final int MAX_REPEAT = 1000;

    private final String pattern;
    private int pos;

    private RegexCompiler(String pattern) {
        this.pattern = pattern;
    }

    /**
     * @throws InvalidConstraintException for a syntax error, an unsupported construct or a language too large
     */
    public static ByteAutomaton compile(String regex) {
        return ByteAutomaton.compile(parse(regex));
    }

    static Rx parse(String regex) {
        if (regex == null) {
            throw new InvalidConstraintException("A regular expression is required.");
        }
        RegexCompiler p = new RegexCompiler(regex);
        if (p.peekIs('^')) {
            p.pos++;
        }
        Rx rx = p.alternation();
        if (p.pos < regex.length()) {
            throw p.error(regex.charAt(p.pos) == ')' ? "an unmatched ')'" : "an unexpected '" + regex.charAt(p.pos) + "'");
        }
        return rx;
    }

    private Rx alternation() {
        List<Rx> options = new ArrayList<>();
        options.add(sequence());
        while (peekIs('|')) {
            pos++;
            options.add(sequence());
        }
        return Rx.alt(options);
    }

    private Rx sequence() {
        List<Rx> parts = new ArrayList<>();
        while (pos < pattern.length() && !peekIs('|') && !peekIs(')')) {
            if (peekIs('$')) {
                if (pos == pattern.length() - 1) {
                    pos++;
                    break;
                }
                throw error("'$' before the end (anchors are implied; only a final '$' is allowed)");
            }
            if (peekIs('^')) {
                throw error("'^' after the start (anchors are implied; only a leading '^' is allowed)");
            }
            parts.add(quantified(atom()));
        }
        return Rx.seq(parts);
    }

    private Rx quantified(Rx atom) {
        Rx rx = atom;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos);
            int min;
            int max;
            int at = pos;
            if (c == '*') {
                min = 0;
                max = Rx.Repeat.UNBOUNDED;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = Rx.Repeat.UNBOUNDED;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '{') {
                pos++;
                min = number();
                max = min;
                if (peekIs(',')) {
                    pos++;
                    max = peekIs('}') ? Rx.Repeat.UNBOUNDED : number();
                }
                expect('}', "a '}' closing the repetition count");
                if (max != Rx.Repeat.UNBOUNDED && max < min) {
                    pos = at;
                    throw error("a repetition {" + min + "," + max + "} whose maximum is below its minimum");
                }
            } else {
                break;
            }
            if (peekIs('?')) {
                pos++; // lazy: the same set of strings
            } else if (peekIs('+')) {
                throw error("a possessive quantifier, which is not supported");
            }
            rx = Rx.repeat(rx, min, max);
        }
        return rx;
    }

    private int number() {
        int start = pos;
        while (pos < pattern.length() && Character.isDigit(pattern.charAt(pos)) && pattern.charAt(pos) < 128) {
            pos++;
        }
        if (start == pos) {
            throw error("a repetition count that is not a number");
        }
        String digits = pattern.substring(start, pos);
        if (digits.length() > 4 || Integer.parseInt(digits) > MAX_REPEAT) {
            pos = start;
            throw error("a repetition count above " + MAX_REPEAT);
        }
        return Integer.parseInt(digits);
    }

    private Rx atom() {
        int c = pattern.codePointAt(pos);
        switch (c) {
            case '(' -> {
                int open = pos++;
                if (peekIs('?')) {
                    if (pos + 1 < pattern.length() && pattern.charAt(pos + 1) == ':') {
                        pos += 2;
                    } else {
                        throw error("a special group '(?" + (pos + 1 < pattern.length() ? pattern.charAt(pos + 1) : "") + "'"
                                + " (lookaround, flags and named groups are not supported)");
                    }
                }
                Rx inner = alternation();
                if (!peekIs(')')) {
                    pos = open;
                    throw error("a '(' that is never closed");
                }
                pos++;
                return inner;
            }
            case '[' -> {
                return characters(characterClass());
            }
            case '.' -> {
                pos++;
                return characters(complement(List.of(new int[] {'\n', '\n'}, new int[] {'\r', '\r'}, new int[] {0x85, 0x85},
                        new int[] {0x2028, 0x2029})));
            }
            case '\\' -> {
                List<int[]> set = escape(false);
                return characters(set);
            }
            case '*', '+', '?', '{' -> throw error("a quantifier '" + (char) c + "' with nothing to repeat");
            default -> {
                pos += Character.charCount(c);
                return Rx.literal(new String(Character.toChars(c)));
            }
        }
    }

    /** Parses {@code [...]} at pos; returns code point ranges. */
    private List<int[]> characterClass() {
        int open = pos++;
        boolean negated = false;
        if (peekIs('^')) {
            negated = true;
            pos++;
        }
        List<int[]> ranges = new ArrayList<>();
        boolean firstItem = true;
        while (true) {
            if (pos >= pattern.length()) {
                pos = open;
                throw error("a '[' that is never closed");
            }
            char c = pattern.charAt(pos);
            if (c == ']' && !firstItem) {
                pos++;
                break;
            }
            if (c == ']') {
                throw error("an empty character class '[]'");
            }
            if (c == '[') {
                throw error("a nested character class (unions and intersections are not supported)");
            }
            if (c == '&' && pos + 1 < pattern.length() && pattern.charAt(pos + 1) == '&') {
                throw error("a class intersection '&&', which is not supported");
            }
            firstItem = false;
            int lo;
            if (c == '\\') {
                List<int[]> escaped = escape(true);
                if (escaped.size() != 1 || escaped.getFirst()[0] != escaped.getFirst()[1]) {
                    ranges.addAll(escaped); // a class escape such as \d cannot start a range
                    continue;
                }
                lo = escaped.getFirst()[0];
            } else {
                lo = pattern.codePointAt(pos);
                pos += Character.charCount(lo);
            }
            if (peekIs('-') && pos + 1 < pattern.length() && pattern.charAt(pos + 1) != ']') {
                int dash = pos++;
                int hi;
                if (peekIs('\\')) {
                    List<int[]> escaped = escape(true);
                    if (escaped.size() != 1 || escaped.getFirst()[0] != escaped.getFirst()[1]) {
                        pos = dash;
                        throw error("a range that ends in a class escape");
                    }
                    hi = escaped.getFirst()[0];
                } else {
                    hi = pattern.codePointAt(pos);
                    pos += Character.charCount(hi);
                }
                if (hi < lo) {
                    pos = dash;
                    throw error("a range whose end comes before its start");
                }
                ranges.add(new int[] {lo, hi});
            } else {
                ranges.add(new int[] {lo, lo});
            }
        }
        return negated ? complement(ranges) : ranges;
    }

    /** Parses an escape at pos (the backslash); returns its code point ranges. */
    private List<int[]> escape(boolean inClass) {
        int at = pos;
        pos++;
        if (pos >= pattern.length()) {
            pos = at;
            throw error("a '\\' at the end of the pattern");
        }
        int c = pattern.codePointAt(pos);
        pos += Character.charCount(c);
        List<int[]> digits = List.<int[]>of(new int[] {'0', '9'});
        List<int[]> word = List.of(new int[] {'a', 'z'}, new int[] {'A', 'Z'}, new int[] {'0', '9'}, new int[] {'_', '_'});
        List<int[]> space = List.of(new int[] {' ', ' '}, new int[] {'\t', '\r'}); // \t \n \x0B \f \r
        return switch (c) {
            case 'd' -> digits;
            case 'D' -> complement(digits);
            case 'w' -> word;
            case 'W' -> complement(word);
            case 's' -> space;
            case 'S' -> complement(space);
            case 't' -> single('\t');
            case 'n' -> single('\n');
            case 'r' -> single('\r');
            case 'f' -> single('\f');
            case 'e' -> single(0x1B);
            case 'a' -> single(0x07);
            case '0' -> single(octal());
            case 'x' -> single(hexEscape());
            case 'u' -> single(hexDigits(4, 4));
            default -> {
                if (c < 128 && !Character.isLetterOrDigit(c)) {
                    yield single(c);
                }
                pos = at;
                throw error("the escape '\\" + new String(Character.toChars(c)) + "', which is not supported"
                        + (inClass ? " in a class" : " (backreferences, boundaries and properties are not)"));
            }
        };
    }

    private int octal() {
        int value = 0;
        int n = 0;
        while (n < 3 && pos < pattern.length() && pattern.charAt(pos) >= '0' && pattern.charAt(pos) <= '7') {
            int next = value * 8 + (pattern.charAt(pos) - '0');
            if (next > 0xFF) {
                break;
            }
            value = next;
            pos++;
            n++;
        }
        if (n == 0) {
            throw error("an octal escape '\\0' without digits");
        }
        return value;
    }

    private int hexEscape() {
        if (peekIs('{')) {
            pos++;
            int start = pos;
            while (pos < pattern.length() && pattern.charAt(pos) != '}') {
                pos++;
            }
            if (pos >= pattern.length() || pos == start || pos - start > 6) {
                pos = start;
                throw error("a malformed escape '\\x{...}'");
            }
            int value = parseHex(start, pos);
            pos++;
            if (value > Utf8.MAX_CODE_POINT) {
                throw error("a code point above U+10FFFF");
            }
            return value;
        }
        return hexDigits(2, 2);
    }

    private int hexDigits(int min, int max) {
        int start = pos;
        while (pos < pattern.length() && pos - start < max && Character.digit(pattern.charAt(pos), 16) >= 0) {
            pos++;
        }
        if (pos - start < min) {
            pos = start;
            throw error("a hexadecimal escape that needs " + min + " digits");
        }
        return parseHex(start, pos);
    }

    private int parseHex(int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(pattern.charAt(i), 16);
            if (d < 0) {
                pos = i;
                throw error("a character that is not a hexadecimal digit");
            }
            value = value * 16 + d;
        }
        return value;
    }

    private static List<int[]> single(int cp) {
        return List.<int[]>of(new int[] {cp, cp});
    }

    /** Every code point (surrogates excluded later) not in {@code ranges}. */
    static List<int[]> complement(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> out = new ArrayList<>();
        int next = 0;
        for (int[] r : sorted) {
            if (r[0] > next) {
                out.add(new int[] {next, r[0] - 1});
            }
            next = Math.max(next, r[1] + 1);
        }
        if (next <= Utf8.MAX_CODE_POINT) {
            out.add(new int[] {next, Utf8.MAX_CODE_POINT});
        }
        return out;
    }

    private Rx characters(List<int[]> ranges) {
        List<int[]> usable = new ArrayList<>();
        for (int[] r : ranges) {
            boolean onlySurrogates = r[0] >= Utf8.SURROGATE_FIRST && r[1] <= Utf8.SURROGATE_LAST;
            if (!onlySurrogates) {
                usable.add(r);
            }
        }
        if (usable.isEmpty()) {
            throw error("a character class that matches no character");
        }
        return Utf8.codePoints(usable);
    }

    private boolean peekIs(char c) {
        return pos < pattern.length() && pattern.charAt(pos) == c;
    }

    private void expect(char c, String what) {
        if (!peekIs(c)) {
            throw error("no " + what);
        }
        pos++;
    }

    private InvalidConstraintException error(String what) {
        return new InvalidConstraintException("The regular expression has " + what + " at position " + pos
                + "; write it within the supported subset (literals, classes, groups, |, *, +, ?, {m,n}).");
    }
}
