package dev.loupe.app.cli;

import dev.loupe.app.server.ApiServer;
import dev.loupe.app.server.ServerConfig;
import dev.loupe.app.server.ServerListener;
import dev.loupe.app.server.bench.ApiLoadBench;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench-api", mixinStandardHelpOptions = true, description = {
        "Load-test the API server on loopback: starts it on a free 127.0.0.1 port with the model, answers every request",
        "once alone (its reference), then has CLIENTS clients send REQUESTS requests each at once and checks that every",
        "client got exactly its own answer. Prints throughput and p50/p95 latency. Nothing is written to the runs table."})
final class BenchApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--clients", description = "Concurrent clients (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int clients;

    @Option(names = "--requests", description = "Requests per client, one after the other (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int requests;

    @Option(names = "--max-tokens", description = "New tokens per answer (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int maxTokens;

    @Option(names = "--timeout-seconds", description = "Give up after this long (default: ${DEFAULT-VALUE}).", defaultValue = "600")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiLoadBench.Settings settings = new ApiLoadBench.Settings(clients, requests, maxTokens, Duration.ofSeconds(timeoutSeconds));
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxQueuedRequests(Math.max(clients, ServerConfig.DEFAULT_MAX_QUEUED_REQUESTS));
        try (TextGenerator generator = JlamaTextGenerator.load(model.resolve());
             ApiServer server = ApiServer.start(config, generator, Optional.empty(), ServerListener.NONE)) {
            out.printf(Locale.ROOT, "model: %s at %s; %d clients x %d requests, %d tokens each, %d cores%n", server.modelId(), server.baseUri(),
                    clients, requests, maxTokens, Runtime.getRuntime().availableProcessors());
            out.flush();
            ApiLoadBench.Report report = new ApiLoadBench(server.baseUri(), server.modelId(), Optional.empty())
                    .run(settings, line -> err.println("  " + line));
            report.lines().forEach(out::println);
            out.flush();
            return report.allMatched() ? 0 : 1;
        }
    }
}
