package dev.loupe.app.cli;

import dev.loupe.app.AppPaths;
import dev.loupe.app.server.ApiServer;
import dev.loupe.app.server.ServerConfig;
import dev.loupe.app.server.ServerListener;
import dev.loupe.app.storage.Storage;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import dev.loupe.rag.embed.Embedder;
import dev.loupe.rag.embed.OnnxBgeEmbedder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Serve a model over an OpenAI-compatible HTTP API until Ctrl-C: GET /v1/models, POST /v1/chat/completions,",
        "POST /v1/completions, POST /v1/embeddings. Point any OpenAI client at the printed base URL (README: Local API server)."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs --api-key.",
            defaultValue = ServerConfig.DEFAULT_HOST)
    String host;

    @Option(names = "--port", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).", defaultValue = "" + ServerConfig.DEFAULT_PORT)
    int port;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:LOUPE_API_KEY}",
            description = "Require 'Authorization: Bearer KEY' on every request (default: $LOUPE_API_KEY, which keeps the key out of the process list).")
    String apiKey;

    @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for the model besides the running one; more get 503 (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_QUEUED_REQUESTS)
    int queue;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_BODY_BYTES)
    int maxBodyBytes;

    @Option(names = "--cors", paramLabel = "ORIGIN", description = "Let web pages from ORIGIN call the API (repeatable; * for any). Off by default.")
    List<String> cors = new ArrayList<>();

    @Option(names = "--log-prompts", description = "Keep the start of each prompt in the runs table (off: no prompt text is kept).")
    boolean logPrompts;

    @Option(names = "--no-embeddings", description = "Do not load the embedding model (bge-small-en-v1.5): /v1/embeddings answers 404.")
    boolean noEmbeddings;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Checked before the model loads, so an unsafe address fails at once.
        ServerConfig config = new ServerConfig(host, port, Optional.ofNullable(apiKey), queue, maxBodyBytes, cors, logPrompts);
        Storage storage = Storage.open(AppPaths.fromEnvironment());
        TextGenerator generator;
        try {
            generator = JlamaTextGenerator.load(model.resolve());
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        Optional<OnnxBgeEmbedder> embedder = Optional.empty();
        ApiServer server;
        try {
            embedder = noEmbeddings ? Optional.empty() : Optional.of(OnnxBgeEmbedder.load());
            server = ApiServer.start(config, generator, embedder.map(e -> (Embedder) e), Optional.of(storage.runs()), ServerListener.NONE);
        } catch (RuntimeException e) {
            embedder.ifPresent(OnnxBgeEmbedder::close);
            generator.close();
            storage.close();
            throw e;
        }
        Optional<OnnxBgeEmbedder> loadedEmbedder = embedder;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            loadedEmbedder.ifPresent(OnnxBgeEmbedder::close);
            generator.close();
            storage.close();
            stopped.countDown();
        }, "loupe-serve-shutdown"));
        out.println("Serving " + server.modelId() + " at " + server.baseUri() + (config.apiKey().isPresent() ? " (API key required)" : ""));
        out.println("OpenAI clients: base URL " + server.baseUri() + ", model \"" + server.modelId() + "\""
                + loadedEmbedder.map(e -> ", embeddings \"" + e.modelId() + "\"").orElse("") + ". Ctrl-C stops.");
        out.flush();
        stopped.await();
        return 0;
    }
}
