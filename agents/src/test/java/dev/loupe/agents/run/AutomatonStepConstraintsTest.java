package dev.loupe.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.SearchDocuments;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.constrain.AutomatonConstraint;
import dev.loupe.inference.constrain.ByteAutomaton;
import dev.loupe.inference.testing.SharedModels;
import dev.loupe.inference.tokenize.TokenPieces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AutomatonStepConstraintsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Tool> TOOLS = List.of(new Calculator(), new CurrentTime(Clock.systemUTC()));

    static TokenPieces smol;

    @BeforeAll
    static void vocabulary() {
        smol = TokenPieces.fromTokenizerJson(SharedModels.smolShape().resolve("tokenizer.json"));
    }

    private static ByteAutomaton automaton(Object constraint) {
        return ((AutomatonConstraint) constraint).automaton();
    }

    private static boolean matches(ByteAutomaton automaton, String text) {
        return automaton.matches(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringsAreBoundTighterBelowTheSmallContextOnly() {
        assertEquals(AutomatonStepConstraints.SMALL_CONTEXT_STRING_CHARS, AutomatonStepConstraints.maxStringChars(512));
        assertEquals(AutomatonStepConstraints.SMALL_CONTEXT_STRING_CHARS,
                AutomatonStepConstraints.maxStringChars(ToolFormat.SMALL_CONTEXT_TOKENS - 1));
        assertEquals(AutomatonStepConstraints.DEFAULT_MAX_STRING_CHARS,
                AutomatonStepConstraints.maxStringChars(ToolFormat.SMALL_CONTEXT_TOKENS));
        assertEquals(AutomatonStepConstraints.DEFAULT_MAX_STRING_CHARS, AutomatonStepConstraints.maxStringChars(8192));
    }

    @Test
    void theStepConstraintAllowsValidStepsOnlyAndBoundsEveryString() {
        AutomatonStepConstraints constraints = new AutomatonStepConstraints(smol, Set.of(2), 12);
        ByteAutomaton steps = automaton(constraints.forSchema(StepSchema.forTools(TOOLS)));

        assertTrue(matches(steps, "{\"thought\": \"add\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"1+2\"}}"));
        assertTrue(matches(steps, "{\"thought\": \"\", \"action\": \"current_time\", \"arguments\": {}}"));
        assertTrue(matches(steps, "{\"thought\": \"done\", \"answer\": \"3\"}"));
        assertFalse(matches(steps, "{\"thought\": \"t\", \"action\": \"python\", \"arguments\": {}}"), "unknown tool");
        assertFalse(matches(steps, "{\"thought\": \"t\", \"action\": \"current_time\", \"arguments\": {\"x\": 1}}"),
                "unknown argument");
        assertFalse(matches(steps, "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {}}"),
                "missing required argument");
        assertFalse(matches(steps, "{\"thought\": \"a thought longer than 12\", \"answer\": \"3\"}"), "bounded");
        assertTrue(steps.longestMatchBytes().isPresent(), "every step ends");
    }

    @Test
    void searchDocumentsBoundsItsPassageCountInTheConstraint() {
        ByteAutomaton steps = automaton(new AutomatonStepConstraints(smol, Set.of(2), 12).forSchema(
                StepSchema.forTools(List.of(new SearchDocuments(request -> List.of())))));
        String k5 = "{\"thought\": \"\", \"action\": \"search_documents\", \"arguments\": {\"query\": \"cats\", \"k\": 5}}";
        assertTrue(matches(steps, k5));
        assertFalse(matches(steps, k5.replace("\"k\": 5", "\"k\": 0")), "k is at least 1");
        assertFalse(matches(steps, k5.replace("\"k\": 5", "\"k\": " + (SearchDocuments.MAX_K + 1))), "k is at most MAX_K");
    }

    @Test
    void aRunCompilesItsSchemaOnce() {
        AutomatonStepConstraints constraints = new AutomatonStepConstraints(smol, Set.of(2), 12);
        assertSame(constraints.forSchema(StepSchema.forTools(TOOLS)), constraints.forSchema(StepSchema.forTools(TOOLS)));
    }

    @Test
    void keywordsTheCompilerCannotEnforceAreLeftToTheValidatorAndAnyValueBecomesAScalar() throws IOException {
        JsonNode schema = JSON.readTree("""
                {"type": "object", "properties": {
                  "path": {"type": "string", "pattern": "^[a-z]+$", "format": "uri"},
                  "ratio": {"type": "number", "minimum": 0, "maximum": 1},
                  "count": {"type": "integer", "minimum": 1, "maximum": 5},
                  "mode": {"oneOf": [{"const": "fast"}, {"const": "slow"}]},
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "extra": {"description": "anything"}},
                 "required": ["path"], "additionalProperties": false}""");
        ObjectNode decodable = AutomatonStepConstraints.decodable(schema, 20);

        JsonNode properties = decodable.get("properties");
        assertEquals(JSON.readTree("{\"type\": \"string\", \"maxLength\": 20}"), properties.get("path"));
        assertEquals(JSON.readTree("{\"type\": \"number\"}"), properties.get("ratio"));
        assertEquals(schema.at("/properties/count"), properties.get("count"), "integer bounds are enforced");
        assertEquals(schema.at("/properties/mode/oneOf"), properties.at("/mode/anyOf"));
        assertEquals(AutomatonStepConstraints.MAX_ITEMS, properties.at("/tags/maxItems").asInt());
        assertEquals(20, properties.at("/tags/items/maxLength").asInt());
        assertEquals(JSON.readTree("[\"string\", \"number\", \"boolean\", \"null\"]"), properties.at("/extra/type"));
        assertEquals(schema.at("/properties/path/pattern"), JSON.readTree("\"^[a-z]+$\""), "the input is not changed");

        ByteAutomaton automaton = automaton(new AutomatonStepConstraints(smol, Set.of(2), 20).forSchema(
                (ObjectNode) JSON.readTree("{\"anyOf\": [{\"type\": \"object\", \"properties\": {\"arguments\": "
                        + schema + "}, \"required\": [\"arguments\"]}]}")));
        assertTrue(matches(automaton, "{\"arguments\": {\"path\": \"a/b\", \"count\": 5, \"mode\": \"slow\", \"extra\": null}}"));
        assertFalse(matches(automaton, "{\"arguments\": {\"path\": \"a/b\", \"count\": 6}}"));
    }

    @Test
    void nativeCallsAreWrappedInTheTemplateMarkersOrPlainText() {
        AutomatonStepConstraints constraints = new AutomatonStepConstraints(smol, Set.of(2), 16);
        ByteAutomaton automaton = automaton(NativeToolFormat.HERMES.constraint(constraints, TOOLS));

        assertTrue(matches(automaton, "<tool_call>\n{\"name\": \"calculator\", \"arguments\": {\"expression\": \"6*7\"}}\n</tool_call>"));
        assertTrue(matches(automaton, "<tool_call>\n{\"name\":\"current_time\",\"arguments\":{}}\n</tool_call>"));
        assertTrue(matches(automaton, "It is 42.\nDone."));
        assertFalse(matches(automaton, "<tool_call>\n{\"name\": \"python\", \"arguments\": {}}\n</tool_call>"));
        assertFalse(matches(automaton, "<tool_call>\n{\"name\": \"current_time\", \"arguments\": {}}"), "closed");
        assertFalse(matches(automaton, "<b>bold</b>"), "text cannot open like a call");
        assertFalse(matches(automaton, " leading space"));
        assertFalse(matches(automaton, "a text that is much longer than sixteen characters"));
    }
}
