package dev.loupe.agents.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.inference.CancellationToken;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CalculatorTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2 + 2 | 4",
        "2 + 3 * 4 | 14",
        "(2 + 3) * 4 | 20",
        "10 - 4 - 3 | 3",
        "100 / 10 / 5 | 2",
        "7 % 3 | 1",
        "2 ^ 3 ^ 2 | 512",
        "-2 ^ 2 | -4",
        "(-2) ^ 2 | 4",
        "2 ^ -1 | 0.5",
        "--3 | 3",
        "+5 - -5 | 10",
        "1.5e2 + 0.5 | 150.5",
        "1 / 3 * 3 | 1",
        "  ( ( 1 ) )  | 1",
    })
    void evaluatesWithUsualPrecedenceAndAssociativity(String expression, String expected) {
        Calculator calculator = new Calculator();
        String result = calculator.run(JsonNodeFactory.instance.objectNode().put("expression", expression),
                CancellationToken.none());
        assertEquals(expected, result);
    }

    @Test
    void formatsFractionsWithoutTrailingZerosOrExponent() {
        assertEquals("0.1", Calculator.format(0.1));
        assertEquals("0.0001", Calculator.format(1e-4));
        assertEquals("-3", Calculator.format(-3.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "2 +", "(1 + 2", "1 + 2)", "2 ** 3", "abc", "java.lang.System.exit(0)",
        "1 / 0", "5 % 0", "1..2", "10 ^ 400", "2 3"})
    void refusesMalformedOrNonFiniteExpressionsWithAToolException(String expression) {
        ToolException error = assertThrows(ToolException.class, () -> Calculator.evaluate(expression));
        assertTrue(error.getMessage().endsWith("."), error.getMessage());
    }

    @Test
    void refusesOverlongExpressionsBeforeParsingThem() {
        String deep = "(".repeat(10_000) + "1" + ")".repeat(10_000);
        ToolException error = assertThrows(ToolException.class, () -> Calculator.evaluate(deep));
        assertTrue(error.getMessage().contains("longer than"), error.getMessage());
    }

    @Test
    void nestsAsDeepAsTheLengthLimitAllows() {
        int depth = (Calculator.MAX_EXPRESSION_CHARS - 1) / 2;
        assertEquals(7.0, Calculator.evaluate("(".repeat(depth) + "7" + ")".repeat(depth)));
    }
}
