package dev.loupe.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The acceptance tests of the API: OpenAI's own Java client against the running server and the real stories260K. */
class OpenAiClientTest {
    private static final String PROMPT = "Once upon a time";
    private static TextGenerator model;
    private static ApiServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        model = ServedModels.stories260K();
        server = ApiServer.start(ServerConfig.defaults().withPort(0), model, Optional.of(ServedModels.bge()), Optional.empty(), ServerListener.NONE);
        client = clientFor(server, "any-key-is-fine-without-one-configured");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static OpenAIClient clientFor(ApiServer server, String key) {
        // No retries: the tests see every status as the server sent it (the client would retry 503 by itself).
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUri().toString()).apiKey(key).maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder greedyChat(int maxTokens) {
        return ChatCompletionCreateParams.builder().model(server.modelId()).addUserMessage(PROMPT).temperature(0.0).maxCompletionTokens(maxTokens);
    }

    @Test
    void listsTheLoadedModelByItsFolderNameAndTheEmbeddingModel() {
        List<Model> models = client.models().list().data();
        assertEquals(List.of("stories260K", "bge-small-en-v1.5-q"), models.stream().map(Model::id).toList());
        assertEquals("loupe", models.getFirst().ownedBy());
        assertEquals("stories260K", client.models().retrieve("stories260K").id());
    }

    @Test
    void jsonSchemaResponseFormatGivesAnAnswerThatParsesAndHasTheDeclaredFields() throws Exception {
        Map<String, Object> schema = Map.of("type", "object",
                "properties", Map.of("name", Map.of("type", "string", "maxLength", 12), "age", Map.of("type", "integer")),
                "required", List.of("name", "age"));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(server.modelId()).addUserMessage(PROMPT)
                .temperature(1.0).seed(3).maxCompletionTokens(80)
                .putAdditionalBodyProperty("response_format", JsonValue.from(Map.of("type", "json_schema",
                        "json_schema", Map.of("name", "person", "schema", schema))))
                .build();
        String content = content(client.chat().completions().create(params));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(content);
        assertTrue(json.get("name").isTextual() && json.get("name").asText().length() <= 12, content);
        assertTrue(json.get("age").isIntegralNumber(), content);
    }

    @Test
    void aRequiredToolCallComesBackAsAToolCallWhoseArgumentsValidate() throws Exception {
        Map<String, Object> parameters = Map.of("type", "object",
                "properties", Map.of("city", Map.of("type", "string", "maxLength", 10), "days", Map.of("type", "integer")),
                "required", List.of("city", "days"));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(server.modelId()).addUserMessage(PROMPT)
                .temperature(1.0).seed(5).maxCompletionTokens(80)
                .putAdditionalBodyProperty("tools", JsonValue.from(List.of(Map.of("type", "function",
                        "function", Map.of("name", "forecast", "description", "Weather for a city", "parameters", parameters)))))
                .putAdditionalBodyProperty("tool_choice", JsonValue.from("required"))
                .build();
        ChatCompletion completion = client.chat().completions().create(params);
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        var call = choice.message().toolCalls().orElseThrow().getFirst().asFunction().function();
        assertEquals("forecast", call.name());
        var arguments = new com.fasterxml.jackson.databind.ObjectMapper().readTree(call.arguments());
        assertTrue(arguments.get("city").isTextual() && arguments.get("city").asText().length() <= 10, call.arguments());
        assertTrue(arguments.get("days").isIntegralNumber(), call.arguments());
    }

    @Test
    void chatCompletionAnswersWithTheGreedyContinuationAndItsUsage() {
        ChatCompletion completion = client.chat().completions().create(greedyChat(12).build());
        assertTrue(completion.id().startsWith("chatcmpl-"), completion.id());
        assertEquals("stories260K", completion.model());
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertTrue(choice.message().content().orElseThrow().startsWith(", there was a little girl named Lily"), choice.message().content().toString());
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, choice.finishReason());
        var usage = completion.usage().orElseThrow();
        assertEquals(5, usage.promptTokens());
        assertEquals(12, usage.completionTokens());
        assertEquals(17, usage.totalTokens());
    }

    @Test
    void streamedChatCarriesTheSameTextAsTheWholeAnswerAndEndsWithUsage() {
        String whole = client.chat().completions().create(greedyChat(20).build()).choices().getFirst().message().content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                greedyChat(20).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append));
            });
        }
        assertEquals(whole, streamed.toString());
        assertTrue(chunks.size() > 3, "one chunk per piece of text, got " + chunks.size());
        assertEquals(1, chunks.stream().map(ChatCompletionChunk::id).distinct().count(), "every chunk carries the request's id");
        ChatCompletionChunk last = chunks.getLast();
        assertTrue(last.choices().isEmpty());
        assertEquals(20, last.usage().orElseThrow().completionTokens());
        assertTrue(chunks.get(chunks.size() - 2).choices().getFirst().finishReason().isPresent());
    }

    @Test
    void logprobsReportTheChosenTokenAndThreeAlternativesPerStep() {
        ChatCompletion completion = client.chat().completions().create(greedyChat(8).logprobs(true).topLogprobs(3).build());
        ChatCompletion.Choice choice = completion.choices().getFirst();
        List<ChatCompletionTokenLogprob> tokens = choice.logprobs().orElseThrow().content().orElseThrow();
        assertEquals(8, tokens.size());
        StringBuilder text = new StringBuilder();
        for (ChatCompletionTokenLogprob token : tokens) {
            text.append(token.token());
            assertEquals(3, token.topLogprobs().size());
            assertTrue(token.logprob() <= 0);
            // Greedy decoding picks the most probable token, so it heads the alternatives with the same value.
            assertEquals(token.token(), token.topLogprobs().getFirst().token());
            assertEquals(token.logprob(), token.topLogprobs().getFirst().logprob());
            assertTrue(token.topLogprobs().get(0).logprob() >= token.topLogprobs().get(1).logprob());
            assertTrue(token.topLogprobs().get(1).logprob() >= token.topLogprobs().get(2).logprob());
            assertEquals(token.token().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, token.bytes().orElseThrow().size());
        }
        assertEquals(choice.message().content().orElseThrow(), text.toString());
    }

    @Test
    void theSameSeedGivesTheSameAnswerAndAnotherSeedAnother() {
        ChatCompletionCreateParams.Builder sampled = ChatCompletionCreateParams.builder().model(server.modelId()).addUserMessage(PROMPT)
                .temperature(1.0).maxCompletionTokens(40);
        String first = content(client.chat().completions().create(sampled.seed(7).build()));
        String second = content(client.chat().completions().create(sampled.seed(7).build()));
        String other = content(client.chat().completions().create(sampled.seed(8).build()));
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void anUnseededRequestReportsItsSeedSoItCanBeRepeated() {
        var raw = client.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder().model(server.modelId())
                .addUserMessage(PROMPT).temperature(1.0).maxCompletionTokens(30).build());
        long seed = Long.parseLong(raw.headers().values("X-Loupe-Seed").getFirst());
        String answer = content(raw.parse());
        String repeated = content(client.chat().completions().create(ChatCompletionCreateParams.builder().model(server.modelId())
                .addUserMessage(PROMPT).temperature(1.0).maxCompletionTokens(30).seed(seed).build()));
        assertEquals(answer, repeated);
    }

    @Test
    void loupeSamplerFieldsInTheBodyAreApplied() {
        // top_k 1 keeps only the most probable token: at temperature 1 the answer is the greedy one, whatever the seed.
        String greedy = content(client.chat().completions().create(greedyChat(24).build()));
        String topK1 = content(client.chat().completions().create(ChatCompletionCreateParams.builder().model(server.modelId())
                .addUserMessage(PROMPT).temperature(1.0).maxCompletionTokens(24).seed(3)
                .putAdditionalBodyProperty("top_k", JsonValue.from(1))
                .putAdditionalBodyProperty("min_p", JsonValue.from(0.05))
                .putAdditionalBodyProperty("typical_p", JsonValue.from(1.0))
                .putAdditionalBodyProperty("repetition_penalty", JsonValue.from(1.0)).build()));
        assertEquals(greedy, topK1);
    }

    @Test
    void legacyCompletionEchoesThePromptWithLogprobsForItsTokensToo() {
        Completion completion = client.completions().create(CompletionCreateParams.builder().model(server.modelId()).prompt(PROMPT)
                .maxTokens(6).temperature(0.0).echo(true).logprobs(2).build());
        CompletionChoice choice = completion.choices().getFirst();
        assertTrue(choice.text().startsWith(PROMPT + ", there was a little"), choice.text());
        assertEquals(CompletionChoice.FinishReason.LENGTH, choice.finishReason());
        CompletionChoice.Logprobs logprobs = choice.logprobs().orElseThrow();
        // "Once", " upon", " a", " time" scored under the model (after its begin-of-sequence token), then 6 new tokens.
        List<Long> offsets = logprobs.textOffset().orElseThrow();
        assertEquals(10, logprobs.tokens().orElseThrow().size());
        assertEquals(List.of(0L, 4L, 9L, 11L, (long) PROMPT.length()), offsets.subList(0, 5));
        List<Double> values = logprobs.tokenLogprobs().orElseThrow();
        assertEquals(10, values.size());
        assertTrue(values.stream().allMatch(v -> v != null && v <= 0), values.toString());
        assertEquals(10, logprobs.topLogprobs().orElseThrow().size());
        // The prompt's probabilities are those a plain completion of its first words reports for its next word.
        Completion upon = client.completions().create(CompletionCreateParams.builder().model(server.modelId()).prompt("Once")
                .maxTokens(1).temperature(0.0).logprobs(2).build());
        var next = upon.choices().getFirst().logprobs().orElseThrow();
        assertEquals(logprobs.tokens().orElseThrow().get(1), next.tokens().orElseThrow().getFirst());
        assertEquals(next.tokenLogprobs().orElseThrow().getFirst(), values.get(1), 1e-6);
    }

    @Test
    void embeddingsOfAStringAndOfAnArrayAreUnitVectorsThatRankMeaning() {
        CreateEmbeddingResponse one = client.embeddings().create(EmbeddingCreateParams.builder().model("bge-small-en-v1.5-q")
                .input("The cat sat on the mat.").build());
        assertEquals(1, one.data().size());
        List<Float> single = one.data().getFirst().embedding();
        assertEquals(384, single.size());
        assertEquals(1.0, norm(single), 1e-3);
        assertTrue(one.usage().promptTokens() > 0);

        CreateEmbeddingResponse many = client.embeddings().create(EmbeddingCreateParams.builder().model("bge-small-en-v1.5-q")
                .inputOfArrayOfStrings(List.of("The cat sat on the mat.", "A kitten rested on the rug.", "Quarterly tax filing deadlines"))
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        assertEquals(List.of(0L, 1L, 2L), many.data().stream().map(Embedding::index).toList());
        List<Float> cat = many.data().get(0).embedding();
        for (int i = 0; i < cat.size(); i++) {
            assertEquals(single.get(i), cat.get(i), 1e-5, "the same text gives the same vector, alone or in a batch");
        }
        assertTrue(dot(cat, many.data().get(1).embedding()) > dot(cat, many.data().get(2).embedding()) + 0.1);

        BadRequestException tooLong = assertThrows(BadRequestException.class, () -> client.embeddings().create(EmbeddingCreateParams.builder()
                .model("bge-small-en-v1.5-q").input("word ".repeat(2000)).build()));
        assertEquals(Optional.of("input"), tooLong.param());
        assertThrows(NotFoundException.class, () -> client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("x").build()));
    }

    private static double norm(List<Float> v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(List<Float> a, List<Float> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += a.get(i) * b.get(i);
        }
        return sum;
    }

    @Test
    void anOutOfRangeParameterIs400NamingTheField() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(greedyChat(4).temperature(2.5).build()));
        assertEquals(Optional.of("temperature"), e.param());
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());

        BadRequestException topLogprobs = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(greedyChat(4).logprobs(true).topLogprobs(21).build()));
        assertEquals(Optional.of("top_logprobs"), topLogprobs.param());

        BadRequestException tooLong = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(greedyChat(100_000).build()));
        assertEquals(Optional.of("max_completion_tokens"), tooLong.param());
        assertEquals(Optional.of("context_length_exceeded"), tooLong.code());
    }

    @Test
    void anUnknownModelIs404() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(PROMPT).build()));
        assertEquals(Optional.of("model_not_found"), e.code());
        assertThrows(NotFoundException.class, () -> client.models().retrieve("gpt-4o"));
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        try (ApiServer locked = ApiServer.start(ServerConfig.defaults().withPort(0).withApiKey("s3cret-key"), model, Optional.empty(), ServerListener.NONE)) {
            UnauthorizedException wrong = assertThrows(UnauthorizedException.class, () -> clientFor(locked, "guess").models().list());
            assertEquals(Optional.of("invalid_api_key"), wrong.code());
            assertEquals(List.of("stories260K"), clientFor(locked, "s3cret-key").models().list().data().stream().map(Model::id).toList());
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        try (ApiServer small = ApiServer.start(ServerConfig.defaults().withPort(0).withMaxBodyBytes(4096), model, Optional.empty(), ServerListener.NONE)) {
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class, () -> clientFor(small, "k").chat().completions().create(
                    ChatCompletionCreateParams.builder().model(small.modelId()).addUserMessage("x".repeat(10_000)).build()));
            assertEquals(413, e.statusCode());
            assertEquals(Optional.of("request_too_large"), e.code());
            // The connection stays usable for the next request.
            assertEquals(1, clientFor(small, "k").models().list().data().size());
        }
    }

    @Test
    void aFullQueueIs503WithRetryAfterAndTheAcceptedRequestsStillComplete() throws Exception {
        try (ApiServer tight = ApiServer.start(ServerConfig.defaults().withPort(0).withMaxQueuedRequests(1), model, Optional.empty(), ServerListener.NONE)) {
            OpenAIClient tightClient = clientFor(tight, "k");
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                // The test keeps the model busy, as the app's own chat would: the server's generation thread waits for it.
                Future<?> busy = threads.submit(() -> model.generate(new GenerationRequest(Prompt.text(PROMPT), SamplerSettings.GREEDY, 1, 2,
                        List.of(), 0), CancellationToken.none(), new TokenListener() {
                    @Override
                    public void onToken(TokenEvent event) {
                        holding.countDown();
                        await(release);
                    }
                }));
                assertTrue(holding.await(60, TimeUnit.SECONDS));
                // With the model held, one request can be taken by the generation thread and one can wait: of three, at
                // least one is turned away, whichever order they arrive in.
                CountDownLatch rejected = new CountDownLatch(1);
                AtomicReference<OpenAIServiceException> busyError = new AtomicReference<>();
                List<Future<Optional<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    calls.add(threads.submit(() -> {
                        try {
                            return Optional.of(content(tightClient.chat().completions().create(ChatCompletionCreateParams.builder()
                                    .model(tight.modelId()).addUserMessage(PROMPT).temperature(0.0).maxCompletionTokens(4).build())));
                        } catch (OpenAIServiceException e) {
                            busyError.compareAndSet(null, e);
                            rejected.countDown();
                            return Optional.empty();
                        }
                    }));
                }
                assertTrue(rejected.await(60, TimeUnit.SECONDS), "no request was turned away");
                OpenAIServiceException e = busyError.get();
                assertEquals(503, e.statusCode());
                assertEquals(Optional.of("server_busy"), e.code());
                assertTrue(Integer.parseInt(e.headers().values("Retry-After").getFirst()) >= 1);
                release.countDown();
                busy.get(60, TimeUnit.SECONDS);
                int answered = 0;
                for (Future<Optional<String>> call : calls) {
                    Optional<String> answer = call.get(60, TimeUnit.SECONDS);
                    if (answer.isPresent()) {
                        answered++;
                        assertEquals(", there was a", answer.get());
                    }
                }
                assertTrue(answered >= 1 && answered <= 2, "answered " + answered);
            } finally {
                release.countDown();
                threads.shutdownNow();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String content(ChatCompletion completion) {
        return completion.choices().getFirst().message().content().orElseThrow();
    }
}
