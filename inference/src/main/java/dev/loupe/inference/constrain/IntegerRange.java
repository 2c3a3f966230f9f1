package dev.loupe.inference.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The integers of a closed range as a regular language of their canonical decimal spellings (no leading zeros, no
 * {@code -0}, no fraction or exponent): what {@code minimum}, {@code maximum}, {@code exclusiveMinimum} and
 * {@code exclusiveMaximum} on an integer schema compile to. An open side stops at the compiler's
 * {@value JsonSchemaCompiler#MAX_INTEGER_DIGITS} digits, as unbounded integers do. Stateless.
 */
final class IntegerRange {
    static final long LIMIT = 9_999_999_999_999_999L; // the largest integer of MAX_INTEGER_DIGITS digits

    private IntegerRange() {
    }

    /**
     * The integers the bounds of {@code schema} allow.
     *
     * @throws InvalidConstraintException when a bound is not a number or no integer lies within the bounds
     */
    static Rx of(JsonNode schema, String where) {
        long[] range = range(schema, where);
        List<Rx> options = new ArrayList<>();
        if (range[0] < 0) {
            // -x for x in [max(1, -hi), -lo]
            options.add(Rx.seq(Rx.literal("-"), nonNegative(Math.max(1, -range[1]), -range[0])));
        }
        if (range[1] >= 0) {
            options.add(nonNegative(Math.max(0, range[0]), range[1]));
        }
        return Rx.alt(options);
    }

    /** Whether {@code value} is an integer within the bounds of {@code schema}. */
    static boolean contains(JsonNode schema, JsonNode value, String where) {
        if (!value.isNumber()) {
            return false;
        }
        long[] range = range(schema, where);
        BigDecimal v = value.decimalValue();
        return v.compareTo(BigDecimal.valueOf(range[0])) >= 0 && v.compareTo(BigDecimal.valueOf(range[1])) <= 0;
    }

    /** [lowest, highest] allowed integer, clamped to the compiler's digit limit. */
    private static long[] range(JsonNode schema, String where) {
        BigDecimal lo = BigDecimal.valueOf(-LIMIT);
        BigDecimal hi = BigDecimal.valueOf(LIMIT);
        if (schema.has("minimum")) {
            lo = lo.max(bound(schema, "minimum", where).setScale(0, RoundingMode.CEILING));
        }
        if (schema.has("exclusiveMinimum")) {
            lo = lo.max(bound(schema, "exclusiveMinimum", where).setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE));
        }
        if (schema.has("maximum")) {
            hi = hi.min(bound(schema, "maximum", where).setScale(0, RoundingMode.FLOOR));
        }
        if (schema.has("exclusiveMaximum")) {
            hi = hi.min(bound(schema, "exclusiveMaximum", where).setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE));
        }
        if (lo.compareTo(hi) > 0) {
            throw new InvalidConstraintException("The JSON Schema's bounds at " + where + " leave no integer of at most "
                    + JsonSchemaCompiler.MAX_INTEGER_DIGITS + " digits; widen them.");
        }
        return new long[] {lo.longValueExact(), hi.longValueExact()};
    }

    private static BigDecimal bound(JsonNode schema, String keyword, String where) {
        JsonNode value = schema.get(keyword);
        if (!value.isNumber()) {
            throw new InvalidConstraintException("The JSON Schema's \"" + keyword + "\" at " + where + " is " + value
                    + ", not a number; give a number.");
        }
        return value.decimalValue();
    }

    /** The spellings of [lo, hi], 0 <= lo <= hi: one group per digit count. */
    private static Rx nonNegative(long lo, long hi) {
        List<Rx> options = new ArrayList<>();
        int loDigits = Long.toString(lo).length();
        int hiDigits = Long.toString(hi).length();
        long powerOfTen = pow10(loDigits - 1);
        for (int digits = loDigits; digits <= hiDigits; digits++) {
            long first = Math.max(lo, digits == 1 ? 0 : powerOfTen);
            long last = digits == hiDigits ? hi : pow10(digits) - 1;
            options.add(sameLength(Long.toString(first), Long.toString(last)));
            powerOfTen = pow10(digits);
        }
        return Rx.alt(options);
    }

    /** The decimal strings of the given length from {@code lo} to {@code hi}, digit by digit. */
    private static Rx sameLength(String lo, String hi) {
        if (lo.isEmpty()) {
            return Rx.EMPTY;
        }
        char a = lo.charAt(0);
        char b = hi.charAt(0);
        String loRest = lo.substring(1);
        String hiRest = hi.substring(1);
        if (a == b) {
            return Rx.seq(Rx.literal(String.valueOf(a)), sameLength(loRest, hiRest));
        }
        String zeros = "0".repeat(loRest.length());
        String nines = "9".repeat(hiRest.length());
        List<Rx> options = new ArrayList<>();
        char from = a;
        if (!loRest.equals(zeros)) {
            options.add(Rx.seq(Rx.literal(String.valueOf(a)), sameLength(loRest, nines)));
            from++;
        }
        char to = b;
        Rx upper = null;
        if (!hiRest.equals(nines)) {
            upper = Rx.seq(Rx.literal(String.valueOf(b)), sameLength(zeros, hiRest));
            to--;
        }
        if (from <= to) {
            options.add(Rx.seq(Rx.bytes(ByteSet.range(from, to)), Rx.repeat(Rx.bytes(ByteSet.range('0', '9')), loRest.length(), loRest.length())));
        }
        if (upper != null) {
            options.add(upper);
        }
        return Rx.alt(options);
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
