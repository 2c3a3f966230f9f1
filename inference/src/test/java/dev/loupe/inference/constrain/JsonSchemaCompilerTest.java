package dev.loupe.inference.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSchemaCompilerTest {
    /** A nested schema using every supported keyword. */
    static final String NESTED = """
            {"$defs": {"point": {"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": "number"}}, "required": ["x", "y"]}},
             "type": "object",
             "properties": {
               "name": {"type": "string", "minLength": 1, "maxLength": 12},
               "age": {"type": "integer"},
               "alive": {"type": "boolean"},
               "nothing": {"type": "null"},
               "mood": {"enum": ["glad", "sad", 3, null, {"deep": [true]}]},
               "kind": {"const": "hero"},
               "nick": {"type": ["string", "null"], "maxLength": 4},
               "home": {"$ref": "#/$defs/point"},
               "path": {"type": "array", "items": {"$ref": "#/$defs/point"}, "minItems": 1, "maxItems": 3},
               "grid": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "maxItems": 2}, "maxItems": 2},
               "tag": {"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 3}]}
             },
             "required": ["name", "path"]}
            """;

    static Stream<Arguments> examples() {
        return Stream.of(
                // schema, accepted documents, rejected documents
                Arguments.of("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"boolean\"}},\"required\":[\"a\"]}",
                        List.of("{\"a\":1,\"b\":true}", "{\"a\": 1, \"b\": false}", "{\"a\":-7}"),
                        List.of("{\"b\":true}", "{\"b\":true,\"a\":1}", "{\"a\":1,\"c\":2}", "{ \"a\":1}", "{\"a\":1 }", "{\"a\":  1}",
                                "{\"a\":1,,\"b\":true}", "{\"a\":1,}", " {\"a\":1}", "{\"a\":1}\n", "{\"a\" :1}")),
                Arguments.of("{\"type\":\"object\"}", List.of("{}"), List.of("{\"a\":1}", "{ }")),
                Arguments.of("{\"enum\":[\"red\",\"green\",3,null,{\"x\":[1,\"é\"]}]}",
                        List.of("\"red\"", "\"green\"", "3", "null", "{\"x\":[1,\"é\"]}"),
                        List.of("\"blue\"", "\"red \"", "\"re\"", "4", "{\"x\": [1,\"é\"]}")),
                Arguments.of("{\"const\":\"hero\"}", List.of("\"hero\""), List.of("\"her\"", "\"heros\"")),
                Arguments.of("{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}",
                        List.of("\"ab\"", "\"abc\"", "\"é😀\"", "\"\\ud83d\\ude00x\"", "\"\\n\\t\\\"\""),
                        List.of("\"a\"", "\"abcd\"", "\"\"", "\"é😀ab\"")),
                Arguments.of("{\"type\":\"string\"}",
                        List.of("\"\"", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", "\"\\u00e9\\u0041\\uFFFF\\u0000\"", "\"\\uD83D\\uDE00\"", "\"日本語 and 😀\"",
                                "\"a\\\\\"", "\"\u007f\""),
                        List.of("\"\\x\"", "\"\\u00g0\"", "\"\\ud83d\"", "\"\\udc00\"", "\"\\ud83d\\u0041\"", "\"line\nbreak\"", "\"tab\there\"",
                                "\"unterminated", "\"a\"b\"", "'single'")),
                Arguments.of("{\"type\":\"number\"}",
                        List.of("0", "-0", "12.5", "-3.25e-7", "1E+2", "1e5", "1234567890123456", "0.1234567890123456", "1e999"),
                        List.of("01", "1.", ".5", "+1", "1e", "--1", "12345678901234567", "NaN", "1e1000", "0x10", "1 ")),
                Arguments.of("{\"type\":\"integer\"}", List.of("-12", "0", "42"), List.of("1.0", "1e3", "-", "00")),
                Arguments.of("{\"type\":\"integer\",\"minimum\":1,\"maximum\":20}", List.of("1", "9", "10", "20"),
                        List.of("0", "21", "-1", "01", "100", "1.0")),
                Arguments.of("{\"type\":\"integer\",\"exclusiveMinimum\":-3,\"exclusiveMaximum\":2.5}", List.of("-2", "-1", "0", "1", "2"),
                        List.of("-3", "3", "-0", "-")),
                Arguments.of("{\"type\":\"integer\",\"minimum\":100}", List.of("100", "999", "1000", "9999999999999999"),
                        List.of("99", "0", "-100", "10000000000000000")),
                Arguments.of("{\"type\":\"integer\",\"enum\":[1,5,50],\"maximum\":10}", List.of("1", "5"), List.of("50")),
                Arguments.of("{\"type\":\"boolean\"}", List.of("true", "false"), List.of("True", "1", "null")),
                Arguments.of("{\"type\":\"null\"}", List.of("null"), List.of("nul", "\"null\"")),
                Arguments.of("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":3}",
                        List.of("[1]", "[1,2]", "[1, 2, 3]"),
                        List.of("[]", "[1,2,3,4]", "[1,]", "[,1]", "[ 1]", "[1 ,2]", "[1,2", "[\"1\"]")),
                Arguments.of("{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}}",
                        List.of("[]", "[[]]", "[[true],[false, true],[]]"), List.of("[[]", "[true]", "[[true]]]")),
                Arguments.of("{\"type\":\"array\",\"maxItems\":0}", List.of("[]"), List.of("[1]")),
                Arguments.of("{\"type\":[\"string\",\"null\"],\"maxLength\":2}", List.of("\"ab\"", "null"), List.of("\"abc\"", "1")),
                Arguments.of("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"null\"}}}]}",
                        List.of("5", "{}", "{\"a\":null}"), List.of("\"5\"", "{\"a\":1}")),
                Arguments.of(NESTED,
                        List.of("{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}]}",
                                "{\"name\": \"Tom\", \"age\": 3, \"alive\": true, \"nothing\": null, \"mood\": {\"deep\":[true]}, \"kind\": \"hero\", "
                                        + "\"nick\": null, \"home\": {\"x\": 0.5, \"y\": -1e3}, \"path\": [{\"x\":0,\"y\":0}, {\"x\":1,\"y\":1}], "
                                        + "\"grid\": [[1, 2], []], \"tag\": \"abc\"}"),
                        List.of("{\"name\":\"\",\"path\":[{\"x\":1,\"y\":2}]}", "{\"name\":\"Lily\",\"path\":[]}",
                                "{\"name\":\"Lily\",\"path\":[{\"x\":1}]}", "{\"name\":\"Lily\",\"path\":[{\"y\":1,\"x\":1}]}",
                                "{\"name\":\"Lily\",\"path\":[{\"x\":1,\"y\":2}],\"grid\":[[1,2,3]]}")));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyFeatureAcceptsItsExamplesAndRejectsOthers(String schema, List<String> accepted, List<String> rejected) {
        ByteAutomaton automaton = JsonSchemaCompiler.compile(schema);
        JsonChecks checks = new JsonChecks(schema);
        for (String doc : accepted) {
            assertTrue(automaton.matches(utf8(doc)), () -> "should match: " + doc);
            assertEquals(List.of(), checks.problems(doc), () -> "test example is itself invalid: " + doc);
        }
        for (String doc : rejected) {
            assertFalse(automaton.matches(utf8(doc)), () -> "should not match: " + doc);
        }
    }

    static Stream<String> schemas() {
        return Stream.concat(examples().map(a -> (String) a.get()[0]), Stream.of(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"},\"c\":{\"type\":\"string\"}}}",
                "{\"type\":\"array\",\"items\":{\"type\":\"number\"}}"));
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void randomMatchesParseAndValidateAgainstTheSchema(String schema) {
        ByteAutomaton automaton = JsonSchemaCompiler.compile(schema);
        JsonChecks checks = new JsonChecks(schema);
        RandomMatches matches = new RandomMatches(automaton);
        var random = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            byte[] doc = matches.sample(random, 200, 0.1);
            assertEquals(List.of(), checks.problems(doc), () -> "invalid: " + new String(doc, StandardCharsets.UTF_8));
        }
    }

    @Test
    void integerRangesMatchExactlyTheirMembersAgainstANaiveCheck() {
        long[][] ranges = {{0, 0}, {0, 9}, {3, 7}, {7, 123}, {-45, 45}, {-1000, -10}, {19, 20}, {99, 1001}, {-9, 0}, {105, 350}};
        for (long[] range : ranges) {
            ByteAutomaton automaton = JsonSchemaCompiler.compile("{\"type\":\"integer\",\"minimum\":" + range[0] + ",\"maximum\":" + range[1] + "}");
            for (long v = -1200; v <= 1200; v++) {
                long value = v;
                boolean inside = v >= range[0] && v <= range[1];
                assertEquals(inside, automaton.matches(utf8(Long.toString(v))), () -> value + " in " + range[0] + ".." + range[1]);
            }
            assertFalse(automaton.matches(utf8("-0")));
            assertFalse(automaton.matches(utf8("+1")));
        }
    }

    @Test
    void boundedSchemasHaveALongestMatchAndUnboundedOnesDoNot() {
        // "ab": quotes plus 2 characters of at most 12 bytes each (a \\uXXXX\\uXXXX surrogate pair)
        assertEquals(OptionalInt.of(26), JsonSchemaCompiler.compile("{\"type\":\"string\",\"maxLength\":2}").longestMatchBytes());
        assertEquals(OptionalInt.of(1 + 16 + 1 + 16 + 1 + 1 + 3), JsonSchemaCompiler.compile("{\"type\":\"number\"}").longestMatchBytes());
        assertEquals(OptionalInt.empty(), JsonSchemaCompiler.compile("{\"type\":\"string\"}").longestMatchBytes());
        assertEquals(OptionalInt.empty(), JsonSchemaCompiler.compile("{\"type\":\"array\",\"items\":{\"type\":\"null\"}}").longestMatchBytes());
    }

    @Test
    void optionalPropertiesStayLinearInSize() {
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"boolean\"}");
        }
        ByteAutomaton automaton = JsonSchemaCompiler.compile("{\"type\":\"object\",\"properties\":{" + properties + "}}");
        assertTrue(automaton.stateCount() < 40 * 40, "states: " + automaton.stateCount());
        assertTrue(automaton.matches(utf8("{\"p3\":true, \"p39\":false}")));
        assertFalse(automaton.matches(utf8("{\"p39\":true,\"p3\":false}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"string\",\"pattern\":\"a+\"}|the keyword \"pattern\" at the top level",
            "{\"type\":\"object\",\"properties\":{\"d\":{\"type\":\"string\",\"format\":\"date\"}}}|\"format\" at /properties/d",
            "{\"type\":\"number\",\"minimum\":3}|minimum and maximum on \"type\": \"integer\" only",
            "{\"type\":\"integer\",\"minimum\":3,\"maximum\":2.5}|leave no integer",
            "{\"type\":\"integer\",\"maximum\":\"9\"}|not a number",
            "{\"type\":\"integer\",\"const\":12,\"maximum\":9}|outside its minimum and maximum",
            "{\"oneOf\":[{\"type\":\"integer\"}]}|\"oneOf\"",
            "{\"type\":\"strin\"}|unknown type \"strin\"",
            "{\"type\":\"object\",\"properties\":{},\"required\":[\"a\"]}|requires \"a\"",
            "{\"$defs\":{\"n\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/n\"}}},\"$ref\":\"#/$defs/n\"}|recursive",
            "{\"$ref\":\"#/$defs/missing\"}|points at nothing",
            "{\"$ref\":\"other.json\"}|not a local reference",
            "{\"type\":\"array\",\"items\":{\"type\":\"null\"},\"minItems\":3,\"maxItems\":2}|maxItems is below its minItems",
            "{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}|maxLength is below its minLength",
            "{\"type\":\"string\",\"maxLength\":-1}|\"maxLength\" at the top level must be a whole number",
            "{\"type\":\"array\"}|no \"items\"",
            "{\"type\":\"array\",\"items\":[{\"type\":\"null\"}]}|tuple form",
            "true|allows any value",
            "{}|gives no type",
            "{\"type\":\"integer\",\"enum\":[\"a\"]}|no value of its declared type",
            "{\"enum\":[]}|not a non-empty list",
            "{\"type\":\"object\",\"$ref\":\"#\"}|combines \"$ref\" with \"type\"",
            "{\"type\":\"object\",\"properties\":{\"a\":5}}|where a schema object belongs at /properties/a",
            "{\"type\": \"object\",|not valid JSON (line 1",
            "   |is empty"})
    void unsupportedOrBrokenSchemasAreRejectedInOneSentence(String row) {
        String[] parts = row.split("\\|");
        var e = assertThrows(InvalidConstraintException.class, () -> JsonSchemaCompiler.compile(parts[0]));
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
        assertOneSentence(e.getMessage());
    }

    @Test
    void schemaTooLargeToCompileIsRejected() {
        String schema = "{\"type\":\"array\",\"maxItems\":10000,\"items\":{\"type\":\"array\",\"maxItems\":10000,\"items\":{\"type\":\"string\",\"maxLength\":10000}}}";
        var e = assertThrows(InvalidConstraintException.class, () -> JsonSchemaCompiler.compile(schema));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    static void assertOneSentence(String message) {
        assertFalse(message.contains("\n"), message);
        assertTrue(message.endsWith("."), message);
        assertTrue(Character.isUpperCase(message.charAt(0)), message);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
