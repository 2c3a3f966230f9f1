package dev.loupe.agents.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.inference.CancellationToken;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code calculator}: evaluates an arithmetic expression with its own recursive-descent parser, never a
 * scripting engine, so the model can run nothing but arithmetic. Grammar, loosest binding first:
 * <pre>
 * sum     = product (('+' | '-') product)*
 * product = unary (('*' | '/' | '%') unary)*
 * unary   = ('+' | '-') unary | power
 * power   = atom ('^' unary)?          right-associative, so 2^3^2 = 2^9 and -2^2 = -4
 * atom    = number | '(' sum ')'
 * </pre>
 * Numbers are doubles ({@code 12}, {@code 0.5}, {@code 1e-3}). Stateless and thread-safe.
 */
public final class Calculator implements Tool {
    /** Longer expressions are refused, which also bounds the parser's recursion. */
    public static final int MAX_EXPRESSION_CHARS = 500;

    @Override
    public String name() {
        return "calculator";
    }

    @Override
    public String description() {
        return "Evaluates an arithmetic expression with + - * / % ^ and parentheses, e.g. (3 + 4) * 2.";
    }

    @Override
    public ObjectNode argumentsSchema() {
        return ArgumentSchemas.object(Map.of("expression", ArgumentSchemas.string("the arithmetic expression")),
                List.of("expression"));
    }

    @Override
    public String run(JsonNode arguments, CancellationToken cancel) {
        return format(evaluate(arguments.path("expression").asText("")));
    }

    /**
     * Evaluates one expression.
     *
     * @throws ToolException if the expression is empty, too long, malformed, or its value is not a finite number
     */
    public static double evaluate(String expression) {
        if (expression.isBlank()) {
            throw new ToolException("The expression is empty; write one such as 2 + 2.");
        }
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw new ToolException("The expression is longer than " + MAX_EXPRESSION_CHARS
                    + " characters; split it into smaller steps.");
        }
        Parser parser = new Parser(expression);
        double value = parser.sum();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.peek() + "'");
        }
        if (!Double.isFinite(value)) {
            throw new ToolException("The result of " + expression + " is not a finite number (division by zero?).");
        }
        return value;
    }

    /** Whole numbers without a decimal point, others in plain notation without trailing zeros. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        double sum() {
            double value = product();
            while (true) {
                if (eat('+')) {
                    value += product();
                } else if (eat('-')) {
                    value -= product();
                } else {
                    return value;
                }
            }
        }

        double product() {
            double value = unary();
            while (true) {
                if (eat('*')) {
                    value *= unary();
                } else if (eat('/')) {
                    value /= nonZero(unary());
                } else if (eat('%')) {
                    value %= nonZero(unary());
                } else {
                    return value;
                }
            }
        }

        double unary() {
            if (eat('-')) {
                return -unary();
            }
            if (eat('+')) {
                return unary();
            }
            return power();
        }

        double power() {
            double base = atom();
            if (eat('^')) {
                return Math.pow(base, unary());
            }
            return base;
        }

        double atom() {
            if (eat('(')) {
                double value = sum();
                if (!eat(')')) {
                    throw error("missing ')'");
                }
                return value;
            }
            skipSpaces();
            int start = pos;
            while (!atEnd() && (Character.isDigit(peek()) || peek() == '.')) {
                pos++;
            }
            if (start < pos && !atEnd() && (peek() == 'e' || peek() == 'E')) {
                pos++;
                if (!atEnd() && (peek() == '+' || peek() == '-')) {
                    pos++;
                }
                while (!atEnd() && Character.isDigit(peek())) {
                    pos++;
                }
            }
            if (start == pos) {
                throw error(atEnd() ? "it ends where a number was expected" : "unexpected '" + peek() + "'");
            }
            try {
                return Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new ToolException("'" + text.substring(start, pos) + "' is not a number; write e.g. 12 or 0.5.",
                        e);
            }
        }

        double nonZero(double divisor) {
            if (divisor == 0) {
                throw new ToolException("Division by zero in " + text + "; change the divisor.");
            }
            return divisor;
        }

        boolean eat(char c) {
            skipSpaces();
            if (!atEnd() && peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        ToolException error(String what) {
            return new ToolException("Cannot read the expression at position " + (pos + 1) + ": " + what
                    + "; use numbers, + - * / % ^ and parentheses.");
        }
    }
}
