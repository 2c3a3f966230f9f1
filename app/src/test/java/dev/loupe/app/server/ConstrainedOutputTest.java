package dev.loupe.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** response_format and tools through constrained decoding, driven by OpenAI's Java client on the real stories260K. */
class ConstrainedOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Once upon a time";
    private static TextGenerator model;
    private static ApiServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        model = ServedModels.stories260K();
        server = ApiServer.start(ServerConfig.defaults().withPort(0), model, Optional.empty(), ServerListener.NONE);
        client = OpenAiClientTest.clientFor(server, "k");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model(server.modelId()).addUserMessage(PROMPT).maxCompletionTokens(200);
    }

    private static ResponseFormatJsonSchema personFormat() {
        return ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("person").strict(true)
                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "name", Map.of("type", "string", "maxLength", 12),
                                "age", Map.of("type", "integer"),
                                "likes", Map.of("type", "array", "items", Map.of("enum", List.of("cats", "dogs", "cake")), "maxItems", 3))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("name", "age", "likes")))
                        .build())
                .build()).build();
    }

    @Test
    void aJsonSchemaAnswerParsesAndValidatesForEverySeed() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            ChatCompletion completion = client.chat().completions().create(chat().temperature(1.0).seed(seed).responseFormat(personFormat()).build());
            ChatCompletion.Choice choice = completion.choices().getFirst();
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
            JsonNode person = JSON.readTree(choice.message().content().orElseThrow());
            assertTrue(person.get("name").isTextual() && person.get("name").asText().codePointCount(0, person.get("name").asText().length()) <= 12, person.toString());
            assertTrue(person.get("age").isIntegralNumber(), person.toString());
            assertTrue(person.get("likes").isArray() && person.get("likes").size() <= 3, person.toString());
            person.get("likes").forEach(like -> assertTrue(List.of("cats", "dogs", "cake").contains(like.asText()), person.toString()));
        }
    }

    @Test
    void jsonObjectModeWritesAJsonObjectFromTheFirstCharacter() throws Exception {
        // Left alone, the story model opens a string and tells its story inside it: still JSON so far, cut by the limit.
        ChatCompletion free = client.chat().completions().create(chat().temperature(0.0).maxCompletionTokens(40)
                .responseFormat(ResponseFormatJsonObject.builder().build()).build());
        String prefix = free.choices().getFirst().message().content().orElseThrow();
        assertTrue(prefix.startsWith("{"), prefix);
        assertIsJsonPrefix(prefix);
        // Favouring the closing brace, it closes the object at once, and the answer ends by itself as complete JSON.
        int[] close = model.encode(Prompt.text("}"));
        ChatCompletion closed = client.chat().completions().create(chat().temperature(0.0)
                .putAdditionalBodyProperty("logit_bias", JsonValue.from(Map.of(Integer.toString(close[close.length - 1]), 100)))
                .responseFormat(ResponseFormatJsonObject.builder().build()).build());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, closed.choices().getFirst().finishReason());
        assertTrue(JSON.readTree(closed.choices().getFirst().message().content().orElseThrow()).isObject());
    }

    /** Reads {@code text} as JSON and fails unless the only problem is that it ends too early. */
    private static void assertIsJsonPrefix(String text) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                // every token so far is valid JSON
            }
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            return; // the answer was cut inside the object: a valid prefix
        }
    }

    @Test
    void aSchemaTheCompilerCannotEnforceIs400NamingIt() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(chat()
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("code")
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("string"))
                                .putAdditionalProperty("pattern", JsonValue.from("^[A-Z]+$")).build()).build()).build()).build()));
        assertEquals(Optional.of("response_format.json_schema.schema"), e.param());
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").description("The weather in a city.")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string", "maxLength", 20),
                                "unit", Map.of("enum", List.of("celsius", "fahrenheit")))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city", "unit")))
                        .build())
                .build();
    }

    private static ChatCompletionNamedToolChoice named(String name) {
        return ChatCompletionNamedToolChoice.builder().function(ChatCompletionNamedToolChoice.Function.builder().name(name).build()).build();
    }

    @Test
    void aNamedToolChoiceReturnsAValidCallOfThatFunction() throws Exception {
        ChatCompletion completion = client.chat().completions().create(chat().temperature(1.0).seed(3).addFunctionTool(weather())
                .toolChoice(named("get_weather")).build());
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        assertTrue(choice.message().content().isEmpty());
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertTrue(call.id().startsWith("call_"));
        assertEquals("get_weather", call.function().name());
        JsonNode arguments = JSON.readTree(call.function().arguments());
        assertTrue(arguments.get("city").isTextual(), arguments.toString());
        assertTrue(List.of("celsius", "fahrenheit").contains(arguments.get("unit").asText()), arguments.toString());
    }

    @Test
    void requiredToolChoiceStreamsTheCallAsOneChunk() throws Exception {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat().temperature(1.0).seed(4)
                .addFunctionTool(weather()).toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED).build())) {
            stream.stream().forEach(chunks::add);
        }
        List<ChatCompletionChunk.Choice.Delta.ToolCall> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                choice.delta().toolCalls().ifPresent(calls::addAll);
                choice.delta().content().ifPresent(text::append);
            }
        }
        assertEquals("", text.toString());
        assertEquals(1, calls.size());
        assertEquals("get_weather", calls.getFirst().function().orElseThrow().name().orElseThrow());
        JSON.readTree(calls.getFirst().function().orElseThrow().arguments().orElseThrow());
        assertEquals(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS, chunks.getLast().choices().getFirst().finishReason().orElseThrow());
    }

    @Test
    void autoToolChoiceAnswersInTextOrWithAValidCall() throws Exception {
        ChatCompletion text = client.chat().completions().create(chat().temperature(0.0).maxCompletionTokens(12).addFunctionTool(weather()).build());
        assertTrue(text.choices().getFirst().message().toolCalls().orElse(List.of()).isEmpty());
        assertFalse(text.choices().getFirst().message().content().orElseThrow().startsWith("{"));

        // Pushing the opening brace up makes the model start a call; the constraint then keeps it valid to the end.
        int[] brace = model.encode(Prompt.text("{"));
        int braceId = brace[brace.length - 1];
        ChatCompletion call = client.chat().completions().create(chat().temperature(0.0).addFunctionTool(weather())
                .putAdditionalBodyProperty("logit_bias", JsonValue.from(Map.of(Integer.toString(braceId), 100))).build());
        ChatCompletion.Choice choice = call.choices().getFirst();
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason(), choice.message().content().toString());
        assertEquals("get_weather", choice.message().toolCalls().orElseThrow().getFirst().asFunction().function().name());
    }

    @Test
    void aConversationWithEarlierCallsAndToolResultsIsAccepted() throws Exception {
        String body = """
                {"model":"stories260K","max_tokens":8,"temperature":0,"tool_choice":"none",
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
                 "messages":[{"role":"user","content":"Once upon a time"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}""";
        try (RawHttp http = new RawHttp(server.address())) {
            http.send(RawHttp.post("/v1/chat/completions", body));
            RawHttp.Head head = http.head();
            JsonNode answer = JSON.readTree(http.body(head));
            assertEquals(200, head.status(), answer.toString());
            assertTrue(answer.at("/choices/0/message/content").isTextual());
        }
    }
}
