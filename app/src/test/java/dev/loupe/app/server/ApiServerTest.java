package dev.loupe.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.app.AppPaths;
import dev.loupe.app.server.bench.ApiLoadBench;
import dev.loupe.app.storage.Storage;
import dev.loupe.app.storage.run.RunQuery;
import dev.loupe.app.storage.run.RunRecord;
import dev.loupe.app.storage.run.RunSource;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.SamplerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client library does not show: disconnects, pipelining, the runs table, the security checks, concurrency. */
class ApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "stories260K";
    /** Bans stories260K's end-of-sequence token, so a generation runs to the end of the context unless cancelled. */
    private static final String NO_EOS = "\"logit_bias\":{\"2\":-100}";
    private static TextGenerator model;

    @BeforeAll
    static void load() {
        model = ServedModels.stories260K();
    }

    /** Collects the server's events, so a test can wait for one instead of sleeping. */
    static final class Events implements ServerListener {
        final BlockingQueue<CompletedRequest> completed = new LinkedBlockingQueue<>();
        final BlockingQueue<String> queued = new LinkedBlockingQueue<>();

        @Override
        public void onQueued(String requestId, int ahead) {
            queued.add(requestId);
        }

        @Override
        public void onCompleted(CompletedRequest request) {
            completed.add(request);
        }

        CompletedRequest awaitCompleted(String requestId) throws InterruptedException {
            for (int i = 0; i < 1000; i++) { // bounded: at most 1000 events, each awaited for at most a minute
                CompletedRequest next = completed.poll(60, TimeUnit.SECONDS);
                assertNotNull(next, "no completion event for " + requestId);
                if (next.requestId().equals(requestId)) {
                    return next;
                }
            }
            throw new AssertionError("no completion event for " + requestId);
        }
    }

    private static ApiServer start(ServerConfig config, Events events) {
        return ApiServer.start(config.withPort(0), model, Optional.empty(), events);
    }

    @Test
    void aStreamIsServerSentEventsEndingWithDone() throws Exception {
        try (ApiServer server = start(ServerConfig.defaults(), new Events()); RawHttp http = new RawHttp(server.address())) {
            http.send(RawHttp.post("/v1/completions", "{\"model\":\"stories260K\",\"prompt\":\"Once upon a time\",\"max_tokens\":5,\"temperature\":0,\"stream\":true}"));
            RawHttp.Head head = http.head();
            assertEquals(200, head.status());
            assertEquals("text/event-stream; charset=utf-8", head.header("content-type"));
            assertEquals("chunked", head.header("transfer-encoding"));
            List<String> events = new ArrayList<>();
            for (String event; (event = http.nextEvent()) != null; ) {
                events.add(event);
                if (event.equals("[DONE]")) {
                    break;
                }
            }
            assertEquals("[DONE]", events.getLast());
            StringBuilder text = new StringBuilder();
            for (String event : events.subList(0, events.size() - 1)) {
                JsonNode chunk = JSON.readTree(event);
                assertEquals("text_completion", chunk.get("object").asText());
                text.append(chunk.at("/choices/0/text").asText());
            }
            assertEquals(", there was a little", text.toString());
            assertEquals("length", JSON.readTree(events.get(events.size() - 2)).at("/choices/0/finish_reason").asText());
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsItsGeneration() throws Exception {
        Events events = new Events();
        try (ApiServer server = start(ServerConfig.defaults(), events)) {
            String requestId;
            try (RawHttp http = new RawHttp(server.address())) {
                // No max_tokens and no end-of-sequence: left alone, this runs to the end of the context (~500 tokens).
                http.send(RawHttp.post("/v1/chat/completions", "{\"model\":\"stories260K\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],"
                        + "\"stream\":true,\"temperature\":0," + NO_EOS + "}"));
                RawHttp.Head head = http.head();
                assertEquals(200, head.status());
                requestId = head.header("x-request-id");
                assertNotNull(http.nextEvent()); // the role chunk
                assertNotNull(http.nextEvent()); // the first text: generation is under way
            }
            CompletedRequest done = events.awaitCompleted(requestId);
            assertTrue(done.clientGone());
            assertEquals(Optional.of(FinishReason.CANCELLED), done.finishReason());
            assertTrue(done.generatedTokens() < model.contextTokens() - 10, "generated " + done.generatedTokens());
            // The model is free again at once: the next request is answered.
            assertEquals(200, postStatus(server, "{\"model\":\"stories260K\",\"prompt\":\"Once\",\"max_tokens\":2}"));
        }
    }

    @Test
    void aClientThatDisconnectsWhileWaitingIsWithdrawnFromTheQueue() throws Exception {
        Events events = new Events();
        try (ApiServer server = start(ServerConfig.defaults(), events)) {
            try (ModelHold hold = ModelHold.take(model)) {
                String first;
                String second;
                try (RawHttp a = new RawHttp(server.address()); RawHttp b = new RawHttp(server.address())) {
                    a.send(RawHttp.post("/v1/completions", "{\"model\":\"stories260K\",\"prompt\":\"Once\",\"max_tokens\":3}"));
                    first = events.queued.poll(60, TimeUnit.SECONDS);
                    b.send(RawHttp.post("/v1/completions", "{\"model\":\"stories260K\",\"prompt\":\"Once\",\"max_tokens\":3}"));
                    second = events.queued.poll(60, TimeUnit.SECONDS);
                    assertNotNull(first);
                    assertNotNull(second);
                }
                // Both clients left while the model was busy: the one still waiting is withdrawn without running.
                CompletedRequest withdrawn = events.awaitCompleted(second);
                assertEquals(499, withdrawn.status());
                assertTrue(withdrawn.clientGone());
                assertEquals(0, withdrawn.generatedTokens());
                assertEquals(0, server.waitingRequests());
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (ApiServer server = start(ServerConfig.defaults(), new Events()); RawHttp http = new RawHttp(server.address())) {
            String a = RawHttp.post("/v1/completions", "{\"model\":\"stories260K\",\"prompt\":\"Once upon a time\",\"max_tokens\":6,\"temperature\":0}");
            String b = RawHttp.get("/v1/models");
            String c = RawHttp.post("/v1/completions", "{\"model\":\"stories260K\",\"prompt\":\"The cat\",\"max_tokens\":3,\"temperature\":0,\"echo\":true}");
            http.send(a + b + c);
            RawHttp.Head first = http.head();
            assertEquals(", there was a little g", JSON.readTree(http.body(first)).at("/choices/0/text").asText());
            RawHttp.Head second = http.head();
            assertEquals("list", JSON.readTree(http.body(second)).get("object").asText());
            RawHttp.Head third = http.head();
            assertTrue(JSON.readTree(http.body(third)).at("/choices/0/text").asText().startsWith("The cat"));
        }
    }

    @Test
    void everyGenerationRequestIsInTheRunsTableWithoutItsTextUnlessEnabled(@TempDir Path home) throws Exception {
        try (Storage storage = Storage.open(new AppPaths(home, Optional.empty()))) {
            for (boolean logPrompts : List.of(false, true)) {
                try (ApiServer server = ApiServer.start(ServerConfig.defaults().withPort(0).withLogPrompts(logPrompts), model,
                        Optional.of(storage.runs()), ServerListener.NONE)) {
                    assertEquals(200, postStatus(server, "{\"model\":\"stories260K\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],"
                            + "\"max_tokens\":4,\"seed\":99}"));
                    assertEquals(400, postStatus(server, "{\"model\":\"stories260K\",\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"top_p\":7}"));
                } // closing the server writes the runs still queued
            }
            List<RunRecord> runs = storage.runs().query(RunQuery.ALL.sources(RunSource.API)).reversed();
            assertEquals(4, runs.size());
            var hidden = runs.get(0).run();
            assertEquals(MODEL, hidden.modelId());
            assertEquals(99, hidden.seed());
            assertEquals("", hidden.promptPreview());
            assertEquals(Optional.of(FinishReason.MAX_TOKENS), hidden.finishReason());
            assertEquals(4, hidden.generatedTokens());
            assertTrue(runs.get(1).run().failed());
            assertTrue(runs.get(1).run().error().orElseThrow().contains("top_p"));
            assertEquals("Once upon a time", runs.get(2).run().promptPreview());
        }
    }

    @Test
    void aWebPageCannotCallTheApiUnlessItsOriginIsAllowed() throws Exception {
        String origin = "Origin: http://localhost:3000";
        try (ApiServer closed = start(ServerConfig.defaults(), new Events()); RawHttp http = new RawHttp(closed.address())) {
            http.send(RawHttp.get("/v1/models", origin));
            RawHttp.Head head = http.head();
            assertEquals(403, head.status());
            assertNull(head.header("access-control-allow-origin"));
            assertEquals("origin_not_allowed", JSON.readTree(http.body(head)).at("/error/code").asText());
        }
        try (ApiServer open = start(ServerConfig.defaults().withCorsOrigins(List.of("http://localhost:3000")), new Events());
             RawHttp http = new RawHttp(open.address())) {
            http.send("OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + origin + "\r\nAccess-Control-Request-Method: POST\r\n"
                    + "Access-Control-Request-Headers: authorization, content-type\r\nContent-Length: 0\r\n\r\n");
            RawHttp.Head preflight = http.head();
            assertEquals(204, preflight.status());
            assertEquals("http://localhost:3000", preflight.header("access-control-allow-origin"));
            assertTrue(preflight.header("access-control-allow-methods").contains("POST"));
            http.send(RawHttp.get("/v1/models", origin));
            RawHttp.Head head = http.head();
            assertEquals(200, head.status());
            assertEquals("http://localhost:3000", head.header("access-control-allow-origin"));
        }
    }

    @Test
    void aLoopbackServerRefusesRequestsAddressedToAnotherHost() throws Exception {
        // A DNS-rebinding page reaches 127.0.0.1 under its own host name; the Host header gives it away.
        try (ApiServer server = start(ServerConfig.defaults(), new Events()); RawHttp http = new RawHttp(server.address())) {
            http.send(RawHttp.get("/v1/models", "Host: attacker.example:8080"));
            RawHttp.Head head = http.head();
            assertEquals(403, head.status());
            assertEquals("host_not_allowed", JSON.readTree(http.body(head)).at("/error/code").asText());
            http.send(RawHttp.get("/v1/models", "Host: localhost:8080"));
            assertEquals(200, http.head().status());
        }
    }

    @Test
    void aBodyThatIsNotJsonIs415AndUnknownRoutesAre404Or405() throws Exception {
        try (ApiServer server = start(ServerConfig.defaults(), new Events()); RawHttp http = new RawHttp(server.address())) {
            http.send(RawHttp.post("/v1/chat/completions", "{\"model\":\"stories260K\"}", "Content-Type: text/plain"));
            RawHttp.Head form = http.head();
            assertEquals(415, form.status());
            http.body(form);
            http.send(RawHttp.get("/v1/assistants"));
            RawHttp.Head unknown = http.head();
            assertEquals(404, unknown.status());
            assertEquals("invalid_request_error", JSON.readTree(http.body(unknown)).at("/error/type").asText());
            http.send(RawHttp.get("/v1/chat/completions"));
            RawHttp.Head method = http.head();
            assertEquals(405, method.status());
            assertEquals("POST", method.header("allow"));
            http.body(method);
            http.send(RawHttp.post("/v1/chat/completions", "{\"model\": "));
            RawHttp.Head broken = http.head();
            assertEquals(400, broken.status());
            assertTrue(JSON.readTree(http.body(broken)).at("/error/message").asText().contains("not valid JSON"));
        }
    }

    @Test
    void listeningBeyondLoopbackNeedsAnApiKey() {
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> ServerConfig.defaults().withHost("0.0.0.0"));
        assertTrue(e.getMessage().contains("--api-key"), e.getMessage());
        assertEquals("0.0.0.0", ServerConfig.defaults().withApiKey("k").withHost("0.0.0.0").host());
        assertEquals("localhost", ServerConfig.defaults().withHost("localhost").host());
    }

    @Test
    void concurrentClientsEachGetTheirOwnAnswer() throws Exception {
        try (ApiServer server = start(ServerConfig.defaults(), new Events())) {
            ApiLoadBench.Report report = new ApiLoadBench(server.baseUri(), server.modelId(), Optional.empty())
                    .run(new ApiLoadBench.Settings(8, 3, 12, Duration.ofMinutes(5)), line -> {});
            assertEquals(List.of(), report.problems());
            assertEquals(24, report.requests());
            assertEquals(24, report.matched());
            assertEquals(24, report.distinctReferences(), "every request has its own answer, so a swap would show");
        }
    }

    private static int postStatus(ApiServer server, String json) throws Exception {
        String path = json.contains("\"messages\"") ? "/v1/chat/completions" : "/v1/completions";
        try (RawHttp http = new RawHttp(server.address())) {
            http.send(RawHttp.post(path, json));
            RawHttp.Head head = http.head();
            http.body(head);
            return head.status();
        }
    }

    /** Keeps the model busy from the test, as the app's own chat would, until closed. */
    static final class ModelHold implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private Future<?> generation;

        static ModelHold take(TextGenerator model) throws InterruptedException {
            ModelHold hold = new ModelHold();
            CountDownLatch holding = new CountDownLatch(1);
            hold.generation = hold.thread.submit(() -> model.generate(new GenerationRequest(Prompt.text("Once"), SamplerSettings.GREEDY, 1, 2,
                    List.of(), 0), CancellationToken.none(), new TokenListener() {
                @Override
                public void onToken(TokenEvent event) {
                    holding.countDown();
                    try {
                        hold.release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            assertTrue(holding.await(60, TimeUnit.SECONDS));
            return hold;
        }

        @Override
        public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
            release.countDown();
            try {
                generation.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                thread.shutdown();
            }
        }
    }
}
