package dev.loupe.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.Tool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StepSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Tool> TOOLS = List.of(new Calculator(), new CurrentTime(Clock.systemUTC()));
    private static final Map<String, Tool> BY_NAME = Map.of("calculator", TOOLS.get(0), "current_time", TOOLS.get(1));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"1+1\"}}",
        "{\"thought\": \"t\", \"action\": \"current_time\", \"arguments\": {}}",
        "{\"thought\": \"t\", \"answer\": \"done\"}",
    })
    void validStepsParseAndSatisfyTheSchema(String step) throws Exception {
        assertEquals(List.of(), SchemaValidator.problems(json(step), StepSchema.forTools(TOOLS)));
        assertTrue(!(ParsedStep.parse(step, BY_NAME) instanceof ParsedStep.Invalid));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {}}",
        "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {\"expression\": 3}}",
        "{\"thought\": \"t\", \"action\": \"current_time\", \"arguments\": {\"zone\": \"UTC\"}}",
        "{\"thought\": \"t\", \"action\": \"shell\", \"arguments\": {}}",
        "{\"thought\": \"t\", \"answer\": \"a\", \"extra\": 1}",
        "{\"answer\": \"no thought\"}",
        "{\"thought\": \"t\", \"answer\": \"a\", \"answer\": \"b\"}",
        "[1, 2]",
        "{\"thought\": ",
    })
    void invalidStepsAreRejectedByBothTheParserAndTheSchema(String step) throws Exception {
        assertInstanceOf(ParsedStep.Invalid.class, ParsedStep.parse(step, BY_NAME));
        JsonNode node;
        try {
            node = json(step);
        } catch (Exception unreadable) {
            return;
        }
        if (!step.contains("\"answer\": \"b\"")) {
            assertTrue(!SchemaValidator.problems(node, StepSchema.forTools(TOOLS)).isEmpty(), step);
        }
    }

    @Test
    void theActionOfEachBranchIsAnEnumOfOneToolWithThatToolsArgumentSchema() {
        JsonNode branches = StepSchema.forTools(TOOLS).get("anyOf");
        assertEquals(3, branches.size());
        assertEquals("[\"calculator\"]", branches.get(0).at("/properties/action/enum").toString());
        assertEquals(TOOLS.get(0).argumentsSchema(), branches.get(0).at("/properties/arguments"));
        assertEquals("[\"thought\",\"answer\"]", branches.get(2).get("required").toString());
    }

    @Test
    void problemsNameThePlaceAndTheAllowedValues() throws Exception {
        JsonNode schema = json("{\"type\": \"object\", \"properties\": {\"k\": {\"type\": \"integer\", \"minimum\": 1,"
                + " \"maximum\": 20}, \"mode\": {\"enum\": [\"a\", \"b\"]}}, \"additionalProperties\": false}");
        assertEquals(List.of("$.k must be at most 20", "$.mode must be one of [\"a\",\"b\"], not \"c\""),
                SchemaValidator.problems(json("{\"k\": 25, \"mode\": \"c\"}"), schema));
        assertEquals(List.of("$.k must be an integer, not a string"),
                SchemaValidator.problems(json("{\"k\": \"5\"}"), schema));
        assertEquals(List.of(), SchemaValidator.problems(json("{\"k\": 5.0}"), schema));
    }
}
