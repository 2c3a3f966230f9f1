package dev.loupe.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.chat.TokenizerConventions;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native tool format end to end on SmolLM2-135M's real tokenizer with random weights in a tiny shape. The
 * shared SmolLM2 folder has no tokenizer_config.json (so no chat template at all); the test writes one whose
 * ChatML template has a Hermes-style tools branch, as tool-trained models ship.
 */
class NativeFormatSmolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path modelDir;
    static JlamaTextGenerator model;

    @BeforeAll
    static void build() throws IOException {
        modelDir = SharedModels.randomModelWithSmolTokenizer(dir, """
                {"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":64,"intermediate_size":128,
                 "num_attention_heads":4,"num_key_value_heads":2,"num_hidden_layers":1,"vocab_size":49152,
                 "max_position_embeddings":2048,"rms_norm_eps":1e-5,"rope_theta":10000,"tie_word_embeddings":true,
                 "bos_token_id":1,"eos_token_id":2,"hidden_act":"silu"}""", 11);
        JsonNode config = JsonNodeFactory.instance.objectNode().put("add_bos_token", false)
                .put("bos_token", "<|im_start|>").put("eos_token", "<|im_end|>")
                .put("chat_template", NativeToolFormatTest.TOOL_TEMPLATE);
        Files.writeString(modelDir.resolve("tokenizer_config.json"), config.toString());
        model = JlamaTextGenerator.load(modelDir);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void autoPicksTheNativeFormatAndTheTemplateCarriesTheToolsInItsSystemTurn() {
        ToolFormat format = ToolFormat.choose("auto", TokenizerConventions.read(modelDir).chatTemplateSource());
        assertEquals(NativeToolFormat.HERMES, format);
        List<Tool> tools = List.of(new Calculator());
        String rendered = model.template().render(List.of(ChatMessage.system(format.systemPrompt(tools)),
                ChatMessage.user("6 times 7?")), true);
        assertTrue(rendered.startsWith("<|im_start|>system\nSolve the user's task."), rendered);
        assertTrue(rendered.contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"calculator\""), rendered);
        assertTrue(rendered.endsWith("<|im_start|>user\n6 times 7?<|im_end|>\n<|im_start|>assistant\n"), rendered);
    }

    @Test
    void constrainedNativeRunsWriteOnlyValidCallsOrAnswers() throws Exception {
        List<Tool> tools = List.of(new Calculator(), new CurrentTime(Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC)));
        StepConstraints constraints = AutomatonStepConstraints.forModel(model, 24);
        int answers = 0;
        for (long seed = 1; seed <= 4; seed++) {
            AgentRunner runner = new AgentRunner(model, tools, ApprovalGate.REJECT_ALL, new AgentLimits(3, 10_000, 120_000, 120),
                    SamplerSettings.DEFAULTS, seed, constraints, System::nanoTime, NativeToolFormat.HERMES);
            AgentResult result = runner.run("What is 6 times 7?", CancellationToken.none(), AgentListener.NONE);
            long s = seed;
            assertTrue(EnumSet.of(StopReason.ANSWERED, StopReason.MAX_STEPS).contains(result.stopReason()),
                    () -> "seed " + s + " ended as " + result.stopReason());
            for (StepRecord record : result.records()) {
                String raw = record.rawOutput();
                if (record.answer() != null) {
                    answers++;
                    assertFalse(raw.startsWith("<"), raw);
                    continue;
                }
                assertFalse(record.observation().startsWith(AgentRunner.INVALID_STEP), () -> "seed " + s + ": " + raw);
                assertTrue(raw.startsWith("<tool_call>\n") && raw.endsWith("\n</tool_call>"), raw);
                JsonNode call = JSON.readTree(raw.substring("<tool_call>\n".length(), raw.length() - "\n</tool_call>".length()));
                assertEquals(List.of(), SchemaValidator.problems(call, NativeToolFormat.callSchema(tools)), raw);
            }
        }
        // Random weights spread their mass over 49,152 tokens, so the one '<' that opens a call is rarely drawn.
        assertTrue(answers > 0, "some steps answered");
    }

    @Test
    void aCallConstrainedToTheWrapperParsesIntoAValidActionOnRealTokens() {
        List<Tool> tools = List.of(new Calculator(), new CurrentTime(Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC)));
        var byName = tools.stream().collect(Collectors.toMap(Tool::name, t -> t));
        var calls = new StepConstraints.WrappedCalls(NativeToolFormat.OPEN + "\n", NativeToolFormat.callSchema(tools),
                "\n" + NativeToolFormat.CLOSE, false);
        var constraint = AutomatonStepConstraints.forModel(model, 24).forWrappedCalls(calls);
        Set<String> named = new HashSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            var request = new GenerationRequest(Prompt.chat(List.of(
                    ChatMessage.system(NativeToolFormat.HERMES.systemPrompt(tools)), ChatMessage.user("6 times 7?"))),
                    SamplerSettings.DEFAULTS, seed, 200, List.of(), 0, constraint);
            var result = model.generate(request, CancellationToken.none(), TokenListener.NONE);
            long s = seed;
            assertEquals(FinishReason.EOS, result.finishReason(), () -> "seed " + s + ": " + result.text());
            ParsedStep.Action action = assertInstanceOf(ParsedStep.Action.class,
                    NativeToolFormat.HERMES.parse(result.text(), byName), result.text());
            named.add(action.tool());
            assertEquals(List.of(), SchemaValidator.problems(action.arguments(), byName.get(action.tool()).argumentsSchema()));
        }
        assertEquals(Set.of("calculator", "current_time"), named, "both tools were called");
    }
}
