package dev.loupe.app.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A load test of a running API server on loopback that also proves every client gets its own answer: each request
 * carries its own prompt and seed, is first answered alone (the reference), then sent again by many clients at
 * once; every concurrent answer must equal its reference exactly. Requests alternate between the chat and the
 * legacy endpoint and between whole and streamed answers. Bounded in count and time.
 */
public final class ApiLoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {"Lily", "Tom", "Sue", "Ben", "Max", "Mia", "Sam", "Anna"};
    private static final String[] THINGS = {"a red ball", "a big tree", "a little dog", "the sun", "a cake", "a boat"};

    /**
     * @param clients concurrent clients (1-256)
     * @param requestsPerClient requests each client sends one after the other (1-100)
     * @param maxTokens new tokens per answer (1-512)
     * @param timeout the whole bench gives up after this long
     */
    public record Settings(int clients, int requestsPerClient, int maxTokens, Duration timeout) {
        public Settings {
            if (clients < 1 || clients > 256 || requestsPerClient < 1 || requestsPerClient > 100 || maxTokens < 1 || maxTokens > 512) {
                throw new IllegalArgumentException("clients 1-256, requests per client 1-100 and max tokens 1-512, got "
                        + clients + ", " + requestsPerClient + ", " + maxTokens);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive");
            }
        }
    }

    /**
     * What a bench run saw.
     *
     * @param requests concurrent requests sent
     * @param succeeded answered with 200 and a complete answer
     * @param matched succeeded and equal to the request's reference answer
     * @param distinctReferences distinct reference answers (equal to {@code requests} when every answer is unique,
     *     which makes a mix-up detectable)
     * @param wallSeconds duration of the concurrent phase
     * @param completionTokens generated tokens in the concurrent phase (from the usage the server reported)
     * @param p50Millis median latency of a request, from sending to the complete answer
     * @param p95Millis 95th percentile latency
     * @param maxMillis slowest request
     * @param problems the first failures or mismatches, described
     */
    public record Report(int requests, int succeeded, int matched, int distinctReferences, double wallSeconds, long completionTokens,
                         double p50Millis, double p95Millis, double maxMillis, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean allMatched() {
            return matched == requests;
        }

        public double requestsPerSecond() {
            return wallSeconds > 0 ? succeeded / wallSeconds : 0;
        }

        public double tokensPerSecond() {
            return wallSeconds > 0 ? completionTokens / wallSeconds : 0;
        }

        /** The lines the bench command prints. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "requests: %d sent, %d succeeded, %d equal to their reference (%d distinct references)",
                    requests, succeeded, matched, distinctReferences));
            lines.add(String.format(Locale.ROOT, "throughput: %.2f requests/s, %.1f generated tokens/s over %.2f s", requestsPerSecond(),
                    tokensPerSecond(), wallSeconds));
            lines.add(String.format(Locale.ROOT, "latency: p50 %.0f ms, p95 %.0f ms, max %.0f ms", p50Millis, p95Millis, maxMillis));
            problems.forEach(p -> lines.add("problem: " + p));
            return lines;
        }
    }

    private record Call(int client, int index, String endpoint, boolean stream, String body) {}

    private record Answer(String id, String text, long completionTokens) {}

    private final URI base;
    private final String model;
    private final Optional<String> apiKey;
    private final HttpClient http;

    /** @param base the API base, e.g. {@code http://127.0.0.1:8080/v1} (loopback only) */
    public ApiLoadBench(URI base, String model, Optional<String> apiKey) {
        if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost") && !base.getHost().equals("[::1]")) {
            throw new IllegalArgumentException("the load bench only targets loopback, got " + base);
        }
        this.base = base;
        this.model = model;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Runs the reference pass, then the concurrent pass; returns when both are done or the timeout passed. */
    public Report run(Settings settings, Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<Call> calls = calls(settings);
        progress.accept("reference pass: " + calls.size() + " requests one at a time");
        List<String> references = new ArrayList<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        for (Call call : calls) {
            try {
                references.add(send(call, deadline).text());
            } catch (IOException | RuntimeException e) {
                return new Report(calls.size(), 0, 0, 0, 0, 0, 0, 0, 0, List.of("reference request failed: " + e.getMessage()));
            }
        }
        int distinct = new HashSet<>(references).size();

        progress.accept("concurrent pass: " + settings.clients() + " clients x " + settings.requestsPerClient() + " requests");
        double[] latencies = new double[calls.size()];
        boolean[] ok = new boolean[calls.size()];
        boolean[] same = new boolean[calls.size()];
        long[] tokens = new long[calls.size()];
        Set<String> ids = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(settings.clients(), Thread.ofPlatform().name("bench-client-", 0).daemon().factory());
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                start.await();
                for (int r = 0; r < settings.requestsPerClient(); r++) {
                    int k = client * settings.requestsPerClient() + r;
                    Call call = calls.get(k);
                    long t0 = System.nanoTime();
                    try {
                        Answer answer = send(call, deadline);
                        latencies[k] = (System.nanoTime() - t0) / 1e6;
                        ok[k] = ids.add(answer.id());
                        if (!ok[k]) {
                            problems.add("request " + k + " got a response id another request had: " + answer.id());
                        }
                        tokens[k] = answer.completionTokens();
                        same[k] = ok[k] && answer.text().equals(references.get(k));
                        if (ok[k] && !same[k]) {
                            problems.add("request " + k + " (client " + client + ") got another answer than its reference: "
                                    + abbreviate(answer.text()) + " vs " + abbreviate(references.get(k)));
                        }
                    } catch (IOException | RuntimeException e) {
                        latencies[k] = (System.nanoTime() - t0) / 1e6;
                        problems.add("request " + k + " (client " + client + ") failed: " + e.getMessage());
                    }
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        pool.shutdown();
        long left = deadline - System.nanoTime();
        if (!pool.awaitTermination(Math.max(1, left), TimeUnit.NANOSECONDS)) {
            pool.shutdownNow();
            problems.add("the bench timed out after " + settings.timeout().toSeconds() + " s");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        int succeeded = 0;
        int matched = 0;
        long total = 0;
        List<Double> sorted = new ArrayList<>();
        for (int k = 0; k < calls.size(); k++) {
            succeeded += ok[k] ? 1 : 0;
            matched += same[k] ? 1 : 0;
            total += tokens[k];
            if (ok[k]) {
                sorted.add(latencies[k]);
            }
        }
        Collections.sort(sorted);
        List<String> shown = problems.size() > 10 ? List.copyOf(problems.subList(0, 10)) : List.copyOf(problems);
        return new Report(calls.size(), succeeded, matched, distinct, wall, total, percentile(sorted, 50), percentile(sorted, 95),
                sorted.isEmpty() ? 0 : sorted.getLast(), shown);
    }

    private List<Call> calls(Settings settings) {
        List<Call> calls = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            for (int r = 0; r < settings.requestsPerClient(); r++) {
                int k = c * settings.requestsPerClient() + r;
                boolean chat = k % 2 == 0;
                boolean stream = (k / 2) % 2 == 0;
                String prompt = "Once upon a time, " + NAMES[c % NAMES.length] + " saw " + THINGS[(c / NAMES.length + r) % THINGS.length] + ".";
                ObjectNode body = JSON.createObjectNode();
                body.put("model", model);
                if (chat) {
                    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
                } else {
                    body.put("prompt", prompt);
                    body.put("echo", true);
                }
                body.put("max_tokens", settings.maxTokens());
                body.put("temperature", 0.9);
                body.put("seed", 1000 + k); // its own seed: every answer differs, so a mix-up cannot go unseen
                body.put("stream", stream);
                if (stream) {
                    body.putObject("stream_options").put("include_usage", true);
                }
                calls.add(new Call(c, k, chat ? "/chat/completions" : "/completions", stream, body.toString()));
            }
        }
        return calls;
    }

    private Answer send(Call call, long deadline) throws IOException, InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new IllegalStateException("out of time");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.endpoint()))
                .timeout(Duration.ofNanos(left))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call.body()));
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + abbreviate(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            boolean chat = call.endpoint().equals("/chat/completions");
            if (!call.stream()) {
                JsonNode root = JSON.readTree(in);
                JsonNode choice = root.path("choices").path(0);
                String text = chat ? choice.path("message").path("content").asText() : choice.path("text").asText();
                return new Answer(root.path("id").asText(), text, root.path("usage").path("completion_tokens").asLong());
            }
            return readStream(in, chat);
        }
    }

    private static Answer readStream(InputStream in, boolean chat) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        String id = null;
        long tokens = 0;
        boolean done = false;
        for (String line; (line = reader.readLine()) != null; ) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                break;
            }
            JsonNode chunk = JSON.readTree(data);
            if (chunk.has("error")) {
                throw new IllegalStateException("stream error: " + chunk.path("error").path("message").asText());
            }
            id = chunk.path("id").asText(id);
            JsonNode choice = chunk.path("choices").path(0);
            text.append(chat ? choice.path("delta").path("content").asText("") : choice.path("text").asText(""));
            if (chunk.path("usage").isObject()) {
                tokens = chunk.path("usage").path("completion_tokens").asLong();
            }
        }
        if (!done) {
            throw new IllegalStateException("the stream ended without [DONE]");
        }
        return new Answer(id, text.toString(), tokens);
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return '"' + (one.length() > 80 ? one.substring(0, 80) + "..." : one) + '"';
    }
}
