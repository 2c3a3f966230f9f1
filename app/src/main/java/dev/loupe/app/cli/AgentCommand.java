package dev.loupe.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.run.AgentLimits;
import dev.loupe.agents.run.AgentListener;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.AgentRunner;
import dev.loupe.agents.run.AgentStep;
import dev.loupe.agents.run.ApprovalGate;
import dev.loupe.agents.mcp.McpConnection;
import dev.loupe.agents.mcp.McpServerSpec;
import dev.loupe.agents.run.AutomatonStepConstraints;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.agents.run.StopReason;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.agents.run.ToolFormat;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.app.AppPaths;
import dev.loupe.app.agent.BuiltInTools;
import dev.loupe.app.agent.TraceRecorder;
import dev.loupe.app.storage.Database;
import dev.loupe.app.storage.trace.H2TraceStore;
import dev.loupe.app.storage.trace.TraceHeader;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.chat.TokenizerConventions;
import dev.loupe.inference.jlama.JlamaTextGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "agent", description = "Run a task with tools; print the timeline, or one JSON object per step with --json.")
final class AgentCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--tools", split = ",", defaultValue = "calculator,current_time",
            description = "Built-in tools the agent may use, comma-separated: calculator, current_time, read_file, list_files (default: ${DEFAULT-VALUE}).")
    List<String> tools = new ArrayList<>();

    @Option(names = "--grant", paramLabel = "DIR", description = "A folder read_file and list_files may see (repeatable).")
    List<Path> grants = new ArrayList<>();

    @Option(names = "--max-steps", defaultValue = "8", description = "Most model steps (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--tool-timeout-ms", defaultValue = "10000", description = "Longest one tool call may take (default: ${DEFAULT-VALUE}).")
    long toolTimeoutMillis;

    @Option(names = "--budget-ms", defaultValue = "300000", description = "Longest the whole run may take (default: ${DEFAULT-VALUE}).")
    long budgetMillis;

    @Option(names = "--yes", description = "Approve every sensitive action (file access) without asking.")
    boolean yes;

    @Option(names = "--mcp", paramLabel = "COMMAND",
            description = "Start a local MCP server with this command line (quote it) and offer its tools (repeatable). Its tools need --yes unless --mcp-trusted.")
    List<String> mcp = new ArrayList<>();

    @Option(names = "--mcp-trusted", description = "Let the tools of the --mcp servers run without approval.")
    boolean mcpTrusted;

    @Option(names = "--mcp-timeout-ms", defaultValue = "30000", description = "Longest one MCP tool call may take (default: ${DEFAULT-VALUE}).")
    long mcpTimeoutMillis;

    @Option(names = "--tool-format", defaultValue = "auto", paramLabel = "react|native|auto",
            description = "How the model calls tools: Loupe's JSON step, the chat template's native <tool_call> format, or native when the template supports it (default: ${DEFAULT-VALUE}).")
    String toolFormat;

    @Option(names = "--unconstrained", description = "Let the model write its steps freely (they are still validated); by default each step is constrained to the step schema.")
    boolean unconstrained;

    @Option(names = "--json", description = "Print one JSON object per timeline entry: {step, type, tool, arguments, text}.")
    boolean json;

    @Option(names = "--trace-db", paramLabel = "PATH", description = "Database the trace is saved in, without .mv.db (default: the app's database).")
    Path traceDb;

    @Parameters(index = "0", paramLabel = "TASK", description = "What the agent should do.")
    String task;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Tool> selected = new ArrayList<>(BuiltInTools.select(tools, FolderGrants.of(grants), Clock.systemDefaultZone()));
        // Without --yes there is no one to ask on the command line: sensitive actions are rejected with a reason.
        ApprovalGate gate = yes ? ApprovalGate.APPROVE_ALL
                : request -> new ApprovalGate.Decision.Reject("the user did not allow " + request.tool()
                        + " (run with --yes to allow it)");
        AgentLimits limits = new AgentLimits(maxSteps, toolTimeoutMillis, budgetMillis, sampling.maxTokens);
        long seed = sampling.seed != null ? sampling.seed : GenerationRequest.randomSeed();
        Path modelDir = model.resolve();
        Path dbPath = traceDb != null ? traceDb : AppPaths.fromEnvironment().database();
        List<McpConnection> servers = new ArrayList<>();
        try (TextGenerator generator = JlamaTextGenerator.load(modelDir); Database db = Database.open(dbPath)) {
            ToolFormat format;
            try {
                format = ToolFormat.choose(toolFormat, TokenizerConventions.read(modelDir).chatTemplateSource());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            for (String commandLine : mcp) {
                McpConnection server = McpConnection.start(McpServerSpec.of(commandLine).withSensitive(!mcpTrusted)
                        .withTimeouts(McpServerSpec.DEFAULT_START_TIMEOUT, Duration.ofMillis(mcpTimeoutMillis)));
                servers.add(server);
                addTools(selected, server);
            }
            StepConstraints constraints = unconstrained ? StepConstraints.NONE
                    : AutomatonStepConstraints.forModel(generator,
                            AutomatonStepConstraints.maxStringChars(generator.contextTokens()));
            AgentRunner runner = new AgentRunner(generator, selected, gate, limits, sampling.settings(), seed,
                    constraints, System::nanoTime, format);
            TraceRecorder recorder = new TraceRecorder(new H2TraceStore(db), new TraceHeader(Instant.now(),
                    modelDir.getFileName().toString(), task, selected.stream().map(Tool::name).toList(), maxSteps,
                    seed), json ? jsonPrinter(out) : textPrinter(out));
            CancellationToken cancel = new CancellationToken();
            Thread hook = new Thread(cancel::cancel);
            Runtime.getRuntime().addShutdownHook(hook);
            AgentResult result = runner.run(task, cancel, recorder);
            recorder.finish(result);
            Runtime.getRuntime().removeShutdownHook(hook);
            out.flush();
            err.printf("[%s · %d steps · %.0f ms · seed %d · %s · trace %d]%n",
                    result.stopReason().name().toLowerCase(Locale.ROOT), result.records().size(), result.totalMillis(),
                    seed, format, recorder.traceId());
            return result.stopReason() == StopReason.ANSWERED ? 0 : 1;
        } finally {
            // The servers end with the run, also when it fails.
            servers.forEach(McpConnection::close);
        }
    }

    /** Adds the server's tools, refusing a name another tool already has. */
    private static void addTools(List<Tool> selected, McpConnection server) {
        for (Tool tool : server.tools()) {
            if (selected.stream().anyMatch(t -> t.name().equals(tool.name()))) {
                throw new ToolException("The MCP server " + server.spec().label() + " offers a tool named "
                        + tool.name() + ", which another tool already has; leave that one out of --tools.");
            }
            selected.add(tool);
        }
    }

    private static AgentListener textPrinter(PrintWriter out) {
        return step -> {
            String head = "[" + step.step() + "] " + step.type().jsonName();
            out.println(switch (step.type()) {
                case ACTION -> head + ": " + step.tool() + " " + step.arguments();
                default -> head + ": " + step.text();
            });
            out.flush();
        };
    }

    private static AgentListener jsonPrinter(PrintWriter out) {
        return step -> {
            try {
                out.println(JSON.writeValueAsString(stepJson(step)));
                out.flush();
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The per-entry object of {@code --json}: {"step","type","tool","arguments","text"}. */
    static ObjectNode stepJson(AgentStep step) {
        ObjectNode node = JSON.createObjectNode();
        node.put("step", step.step());
        node.put("type", step.type().jsonName());
        node.put("tool", step.tool());
        node.set("arguments", step.arguments());
        node.put("text", step.text());
        return node;
    }
}
