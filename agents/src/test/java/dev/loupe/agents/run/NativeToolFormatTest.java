package dev.loupe.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.agents.testing.ScriptedModel;
import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NativeToolFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Tool> TOOLS = List.of(new Calculator(),
            new CurrentTime(Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC)));
    private static final Map<String, Tool> BY_NAME = TOOLS.stream().collect(Collectors.toMap(Tool::name, Function.identity()));
    /** A ChatML template with a tools branch in the Hermes style, as tool-trained models ship. */
    static final String TOOL_TEMPLATE = "{%- if tools %}<|im_start|>system\n{% if messages[0]['role'] == 'system' %}"
            + "{{ messages[0]['content'] }}\n\n{% endif %}# Tools\n<tools>{% for tool in tools %}\n{{ tool | tojson }}{% endfor %}\n"
            + "</tools>\nCall one as <tool_call>\n{\"name\": <name>, \"arguments\": <args>}\n</tool_call><|im_end|>\n"
            + "{%- else %}{% if messages[0]['role'] == 'system' %}<|im_start|>system\n{{ messages[0]['content'] }}<|im_end|>\n"
            + "{% endif %}{%- endif %}{% for message in messages %}{% if message['role'] != 'system' %}<|im_start|>"
            + "{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endif %}{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    /** SmolLM2-135M-Instruct's kind of template: ChatML, no tools. */
    static final String PLAIN_CHATML = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}"
            + "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    @Test
    void nativeSupportIsDetectedFromTheTemplate() {
        assertEquals(Optional.of(NativeToolFormat.HERMES), NativeToolFormat.detect(TOOL_TEMPLATE));
        assertEquals(Optional.empty(), NativeToolFormat.detect(PLAIN_CHATML));
        assertEquals(Optional.empty(), NativeToolFormat.detect(null));
    }

    @Test
    void theOptionChoosesTheFormatAndRefusesNativeWithoutSupport() {
        assertEquals(ToolFormat.REACT, ToolFormat.choose("react", Optional.of(TOOL_TEMPLATE)));
        assertEquals(NativeToolFormat.HERMES, ToolFormat.choose("native", Optional.of(TOOL_TEMPLATE)));
        assertEquals(NativeToolFormat.HERMES, ToolFormat.choose("auto", Optional.of(TOOL_TEMPLATE)));
        assertEquals(ToolFormat.REACT, ToolFormat.choose("auto", Optional.of(PLAIN_CHATML)));
        assertEquals(ToolFormat.REACT, ToolFormat.choose("auto", Optional.empty()));
        IllegalArgumentException unsupported = assertThrows(IllegalArgumentException.class,
                () -> ToolFormat.choose("native", Optional.empty()));
        assertTrue(unsupported.getMessage().contains("has no chat template that handles tools"), unsupported.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ToolFormat.choose("xml", Optional.empty()));
        assertTrue(unknown.getMessage().contains("react, native or auto"), unknown.getMessage());
    }

    @Test
    void theSystemPromptListsEachFunctionAsTheTemplateWould() throws Exception {
        String prompt = NativeToolFormat.HERMES.systemPrompt(TOOLS);
        assertTrue(prompt.contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"calculator\""), prompt);
        String line = prompt.lines().filter(l -> l.contains("\"current_time\"")).findFirst().orElseThrow();
        assertEquals(JSON.readTree("{\"type\": \"function\", \"function\": {\"name\": \"current_time\", \"description\": "
                + JSON.writeValueAsString(TOOLS.get(1).description()) + ", \"parameters\": "
                + TOOLS.get(1).argumentsSchema() + "}}"), JSON.readTree(line));
        assertTrue(prompt.contains("<tool_call>\n{\"name\": \"<function-name>\", \"arguments\": {<arguments>}}\n</tool_call>"));
    }

    @Test
    void nativeOutputParsesIntoTheSameSteps() {
        ParsedStep call = NativeToolFormat.HERMES.parse(
                "<tool_call>\n{\"name\": \"calculator\", \"arguments\": {\"expression\": \"6*7\"}}\n</tool_call>", BY_NAME);
        ParsedStep.Action action = assertInstanceOf(ParsedStep.Action.class, call);
        assertEquals("calculator", action.tool());
        assertEquals("6*7", action.arguments().get("expression").asText());
        assertEquals("", action.thought());

        ParsedStep.Action withThought = assertInstanceOf(ParsedStep.Action.class, NativeToolFormat.HERMES.parse(
                "Let me check.\n<tool_call>{\"name\":\"current_time\",\"arguments\":{}}</tool_call>", BY_NAME));
        assertEquals("Let me check.", withThought.thought());

        assertEquals(new ParsedStep.Answer("", "It is 42."), NativeToolFormat.HERMES.parse("It is 42.\n", BY_NAME));

        assertTrue(invalid("<tool_call>\n{\"name\": \"python\", \"arguments\": {}}\n</tool_call>")
                .contains("no tool named 'python'; the tools are"));
        assertTrue(invalid("<tool_call>\n{\"name\": \"calculator\", \"arguments\": {\"expr\": \"1\"}}\n</tool_call>")
                .contains("unknown property 'expr'"));
        assertTrue(invalid("<tool_call>\n{\"name\": \"current_time\", \"arguments\": {}}").contains("not closed"));
        assertTrue(invalid("<tool_call>{\"name\": \"current_time\", \"arguments\": {}, \"id\": 1}</tool_call>")
                .contains("only name and arguments"));
        assertTrue(invalid("<tool_call>{\"name\": </tool_call>").contains("not valid JSON"));
        assertTrue(invalid("  ").contains("empty"));
    }

    private static String invalid(String raw) {
        return assertInstanceOf(ParsedStep.Invalid.class, NativeToolFormat.HERMES.parse(raw, BY_NAME)).problem();
    }

    @Test
    void aRunInTheNativeFormatCallsToolsAndShowsResultsAsToolResponses() {
        ScriptedModel model = new ScriptedModel(
                "<tool_call>\n{\"name\": \"calculator\", \"arguments\": {\"expression\": \"6*7\"}}\n</tool_call>",
                "<tool_call>\n{\"name\": \"nope\", \"arguments\": {}}\n</tool_call>",
                "It is 42.");
        AgentRunner runner = new AgentRunner(model, TOOLS, ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS,
                SamplerSettings.GREEDY, 1, StepConstraints.NONE, System::nanoTime, NativeToolFormat.HERMES);
        AgentResult result = runner.run("6 times 7?", CancellationToken.none(), AgentListener.NONE);

        assertEquals(StopReason.ANSWERED, result.stopReason());
        assertEquals("It is 42.", result.answer().orElseThrow());
        assertEquals("42", result.records().get(0).observation());
        List<ChatMessage> second = ((Prompt.Chat) model.requests().get(1).prompt()).messages();
        assertEquals(ChatMessage.system(NativeToolFormat.HERMES.systemPrompt(TOOLS)), second.getFirst());
        assertEquals("<tool_response>\n42\n</tool_response>", second.getLast().content());
        assertTrue(result.records().get(1).observation().startsWith(AgentRunner.INVALID_STEP + "There is no tool named 'nope'"));
    }
}
