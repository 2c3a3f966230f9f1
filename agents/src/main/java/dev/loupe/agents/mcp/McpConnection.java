package dev.loupe.agents.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.agents.run.SchemaValidator;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.inference.CancellationToken;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MCP server: its child process, the SDK client speaking to it over stdio, and its tools as
 * {@link Tool}s ({@link #tools()}). Closing it ends the process (gracefully, then forcibly). A server that fails
 * to start or to answer the handshake is an {@link McpServerException}; a server that crashes later turns the
 * calls of its tools into {@link ToolException}s, which the agent runner shows the model as observations.
 *
 * <p>Thread-safe: tools may be called from the runner's tool threads while another thread closes the connection.
 */
public final class McpConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a waiting call looks at cancellation and at the server process. */
    private static final long POLL_MILLIS = 25;
    private static final int STDERR_LINES = 20;
    /** Children of this JVM are told apart by diffing before and after a start, so starts take turns. */
    private static final Object START_LOCK = new Object();

    private final McpServerSpec spec;
    private final McpAsyncClient client;
    private final Optional<ProcessHandle> process; // to end it forcibly if it ignores the polite stop
    private final AtomicBoolean exited;
    private final Deque<String> stderr;
    private final List<Tool> tools;
    private volatile boolean closed;

    private McpConnection(McpServerSpec spec, McpAsyncClient client, Optional<ProcessHandle> process,
                          AtomicBoolean exited, Deque<String> stderr, List<McpSchema.Tool> listed) {
        this.spec = spec;
        this.client = client;
        this.process = process;
        this.exited = exited;
        this.stderr = stderr;
        Set<String> names = new HashSet<>();
        List<Tool> adapted = new ArrayList<>();
        for (McpSchema.Tool tool : listed) {
            McpTool mcpTool = McpTool.of(this, tool, spec.sensitive());
            if (!names.add(mcpTool.name())) {
                throw new McpServerException("The MCP server " + spec.label() + " offers two tools named "
                        + mcpTool.name() + " once written in lower case; Loupe cannot tell them apart.");
            }
            adapted.add(mcpTool);
        }
        this.tools = List.copyOf(adapted);
    }

    /**
     * Starts the server, completes the MCP handshake and lists its tools.
     *
     * @throws McpServerException with one sentence when the program cannot be started, exits, does not answer
     *                            within {@link McpServerSpec#startTimeout()} or answers with an error
     */
    public static McpConnection start(McpServerSpec spec) {
        // The SDK starts the process on a thread of its own and would only report a missing program as a timeout.
        if (findProgram(spec.command().getFirst()).isEmpty()) {
            throw new McpServerException("The MCP server '" + spec.display() + "' could not be started: there is no "
                    + "program " + spec.command().getFirst() + (spec.command().getFirst().contains("/") ? "" : " on the PATH") + ".");
        }
        Deque<String> stderr = new ArrayDeque<>();
        StdioClientTransport transport = new StdioClientTransport(
                ServerParameters.builder(spec.command().getFirst()).args(spec.command().subList(1, spec.command().size()))
                        .build(), new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(line -> {
            LOG.debug("MCP server {} stderr: {}", spec.label(), line);
            synchronized (stderr) {
                if (stderr.size() == STDERR_LINES) {
                    stderr.removeFirst();
                }
                stderr.addLast(line);
            }
        });
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(new McpSchema.Implementation("loupe", "1"))
                // The handshake and listing use the request timeout too; calls are bounded by call() itself.
                .requestTimeout(spec.startTimeout().compareTo(spec.callTimeout()) > 0 ? spec.startTimeout() : spec.callTimeout())
                .initializationTimeout(spec.startTimeout())
                .jsonSchemaValidator(VALIDATOR)
                .build();
        Optional<ProcessHandle> process = Optional.empty();
        AtomicBoolean exited = new AtomicBoolean();
        try {
            synchronized (START_LOCK) {
                Set<Long> before = childPids();
                watchExit(transport, exited, spec.startTimeout());
                try {
                    awaitHandshake(client.initialize().toFuture(), exited, spec);
                } finally {
                    process = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
                            .filter(p -> matches(p, spec)).findFirst();
                }
            }
            List<McpSchema.Tool> listed = new ArrayList<>();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = client.listTools(cursor).block(spec.startTimeout());
                listed.addAll(page.tools());
                cursor = page.nextCursor();
            } while (cursor != null && !cursor.isEmpty());
            return new McpConnection(spec, client, process, exited, stderr, listed);
        } catch (RuntimeException e) {
            String reason = startFailure(spec, e, exited.get(), stderr);
            LOG.info("MCP server {} failed: {}", spec.command(), reason, e);
            stop(client, process);
            throw new McpServerException(reason, e);
        }
    }

    /** The server's tools, in the order it lists them. */
    public List<Tool> tools() {
        return tools;
    }

    public McpServerSpec spec() {
        return spec;
    }

    /** False once the server process has exited (or the connection was closed). */
    public boolean isAlive() {
        return !closed && !exited.get();
    }

    /**
     * Calls a tool by its server-side name and returns its text.
     *
     * @throws ToolException when the tool reports an error, the call times out or is cancelled, or the server has
     *                       stopped
     */
    String call(String serverName, String loupeName, JsonNode arguments, CancellationToken cancel) {
        if (!isAlive()) {
            throw new ToolException(stoppedMessage("before " + loupeName + " could run"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = JSON.convertValue(arguments, Map.class);
        CompletableFuture<McpSchema.CallToolResult> call =
                client.callTool(new McpSchema.CallToolRequest(serverName, args)).toFuture();
        long deadline = System.nanoTime() + spec.callTimeout().toNanos();
        try {
            while (true) {
                try {
                    return text(loupeName, call.get(POLL_MILLIS, TimeUnit.MILLISECONDS));
                } catch (TimeoutException stillRunning) {
                    if (cancel.isCancelled()) {
                        call.cancel(true);
                        throw new ToolException(loupeName + " was cancelled.");
                    }
                    if (!isAlive()) {
                        call.cancel(true);
                        drainPause();
                        throw new ToolException(stoppedMessage("while " + loupeName + " was running"));
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        call.cancel(true);
                        throw new ToolException(timeoutMessage(loupeName));
                    }
                }
            }
        } catch (ExecutionException e) {
            if (!isAlive()) {
                throw new ToolException(stoppedMessage("while " + loupeName + " was running"), e.getCause());
            }
            if (rootCause(e) instanceof TimeoutException) {
                throw new ToolException(timeoutMessage(loupeName), e.getCause());
            }
            throw new ToolException("The MCP server " + spec.label() + " could not run " + loupeName + ": "
                    + rootMessage(e) + ".", e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ToolException(loupeName + " was interrupted.", e);
        }
    }

    /** Ends the session and the server process; waits at most a few seconds. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(client, process);
    }

    private static void stop(McpAsyncClient client, Optional<ProcessHandle> process) {
        try {
            client.closeGracefully().block(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debug("MCP client did not close gracefully", e);
        }
        process.ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
    }

    private String text(String loupeName, McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            parts.add(switch (content) {
                case McpSchema.TextContent text -> text.text();
                case McpSchema.ImageContent image -> "[image " + image.mimeType() + "]";
                case McpSchema.AudioContent audio -> "[audio " + audio.mimeType() + "]";
                case McpSchema.EmbeddedResource resource -> "[resource " + resource.resource().uri() + "]";
                case McpSchema.ResourceLink link -> "[resource link " + link.uri() + "]";
                default -> "[" + content.type() + "]";
            });
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            parts.add(JSON.valueToTree(result.structuredContent()).toString());
        }
        String text = String.join("\n", parts);
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolException(text.isBlank() ? loupeName + " failed without saying why." : text.strip());
        }
        return text;
    }

    private String stoppedMessage(String when) {
        String last;
        synchronized (stderr) {
            last = stderr.isEmpty() ? "" : " Its last error output: " + stderr.getLast().strip();
        }
        return "The MCP server " + spec.label() + " has stopped " + when + "; its tools are unavailable for the rest"
                + " of this run." + last;
    }

    private String timeoutMessage(String loupeName) {
        return loupeName + " did not answer within " + spec.callTimeout().toMillis() + " ms; try simpler arguments.";
    }

    /**
     * Sets {@code exited} when the server process ends. The SDK starts the process on a thread of its own, so the
     * watcher waits until it exists (at most {@code startTimeout}).
     */
    private static void watchExit(StdioClientTransport transport, AtomicBoolean exited, Duration startTimeout) {
        long giveUp = System.nanoTime() + startTimeout.toNanos();
        Thread.ofVirtual().name("mcp-exit-watch").start(() -> {
            while (true) {
                try {
                    transport.awaitForExit();
                    exited.set(true);
                    return;
                } catch (NullPointerException notStartedYet) {
                    if (System.nanoTime() - giveUp >= 0) {
                        return;
                    }
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                } catch (RuntimeException interrupted) {
                    return;
                }
            }
        });
    }

    /** Waits for the handshake, failing at once when the process exits. */
    private static void awaitHandshake(CompletableFuture<McpSchema.InitializeResult> handshake, AtomicBoolean exited,
                                       McpServerSpec spec) {
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        try {
            while (true) {
                try {
                    handshake.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException waiting) {
                    if (exited.get()) {
                        handshake.cancel(true);
                        drainPause();
                        throw new IllegalStateException("the server process exited");
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        handshake.cancel(true);
                        throw new IllegalStateException("handshake timeout", waiting);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("handshake failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the handshake", e);
        }
    }

    private static String startFailure(McpServerSpec spec, RuntimeException e, boolean exited, Deque<String> stderr) {
        String command = spec.display();
        Throwable root = rootCause(e);
        if (root instanceof java.io.IOException) {
            return "The MCP server '" + command + "' could not be started: " + root.getMessage() + ".";
        }
        String last;
        synchronized (stderr) {
            last = stderr.isEmpty() ? "" : " Its last error output: " + stderr.getLast().strip();
        }
        if (exited) {
            return "The MCP server '" + command + "' exited during the MCP handshake." + last;
        }
        if (root instanceof TimeoutException || String.valueOf(e.getMessage()).contains("timeout")) {
            return "The MCP server '" + command + "' did not complete the MCP handshake within "
                    + spec.startTimeout().toSeconds() + " s; is it an MCP server speaking over stdio?" + last;
        }
        return "The MCP server '" + command + "' failed to start: " + rootMessage(e) + "." + last;
    }

    /** The executable a command names: a path as given, or a name looked up on the PATH. */
    static Optional<Path> findProgram(String program) {
        if (program.contains("/") || program.contains(java.io.File.separator)) {
            Path path = Path.of(program);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String suffix : List.of("", ".exe", ".cmd", ".bat")) {
                Path candidate = Path.of(dir, program + suffix);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Gives the stderr reader a moment to pass on the last lines of a process that just ended. */
    private static void drainPause() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Whether a new child runs {@code spec}'s program (when the platform tells; otherwise any new child does). */
    private static boolean matches(ProcessHandle process, McpServerSpec spec) {
        Optional<String[]> arguments = process.info().arguments();
        List<String> expected = spec.command().subList(1, spec.command().size());
        return arguments.isEmpty() || List.of(arguments.get()).equals(expected);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /**
     * Checks a tool's structured output against its output schema with Loupe's own validator, so the SDK's
     * default (which needs another JSON Schema library) is not loaded.
     */
    private static final JsonSchemaValidator VALIDATOR = (schema, structuredContent) -> {
        JsonNode value = JSON.valueToTree(structuredContent);
        List<String> problems = SchemaValidator.problems(value, JSON.valueToTree(schema));
        return problems.isEmpty() ? JsonSchemaValidator.ValidationResponse.asValid(value.toString())
                : JsonSchemaValidator.ValidationResponse.asInvalid(String.join("; ", problems));
    };
}
