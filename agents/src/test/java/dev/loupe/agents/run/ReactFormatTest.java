package dev.loupe.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.Tool;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ReAct step's system prompt, full and compact. */
class ReactFormatTest {
    private final List<Tool> tools = List.of(new Calculator(), new CurrentTime(Clock.systemUTC()));

    @Test
    void aContextOfAThousandTokensOrMoreGetsTheFullPrompt() {
        assertEquals(ToolFormat.REACT.systemPrompt(tools), ToolFormat.REACT.systemPrompt(tools, 1024));
        assertEquals(ToolFormat.REACT.systemPrompt(tools), ToolFormat.REACT.systemPrompt(tools, 32_768));
    }

    @Test
    void aSmallContextGetsTheStepShapesAndEachToolsNameAndParametersOnly() {
        String compact = ToolFormat.REACT.systemPrompt(tools, 512);
        assertEquals("Steps: {\"thought\",\"action\",\"arguments\"} or {\"thought\",\"answer\"}. "
                + "Tools: calculator(expression), current_time().\n", compact);
        assertTrue(compact.length() * 2 < ToolFormat.REACT.systemPrompt(tools).length(),
                "under half the full prompt");
    }

    @Test
    void aSmallContextWithoutToolsSaysSo() {
        assertEquals("Steps: {\"thought\",\"action\",\"arguments\"} or {\"thought\",\"answer\"}. Tools: none.\n",
                ToolFormat.REACT.systemPrompt(List.of(), 512));
    }

    @Test
    void theNativeFormatKeepsItsPromptInASmallContext() {
        assertEquals(NativeToolFormat.HERMES.systemPrompt(tools), NativeToolFormat.HERMES.systemPrompt(tools, 512));
    }
}
