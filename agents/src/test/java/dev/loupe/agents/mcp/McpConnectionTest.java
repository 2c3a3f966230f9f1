package dev.loupe.agents.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.loupe.agents.run.AgentLimits;
import dev.loupe.agents.run.AgentListener;
import dev.loupe.agents.run.AgentResult;
import dev.loupe.agents.run.AgentRunner;
import dev.loupe.agents.run.ApprovalGate;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.agents.run.StopReason;
import dev.loupe.agents.testing.ScriptedModel;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.sampling.SamplerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The MCP client against {@link TestMcpServer}, a real MCP server started as a child process over stdio. */
class McpConnectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static McpServerSpec server(String... options) {
        return new McpServerSpec(TestMcpServer.command(options), Duration.ofSeconds(30), Duration.ofSeconds(20), true);
    }

    private static Tool tool(McpConnection connection, String name) {
        return connection.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @Test
    void listsTheServersToolsWithTheirSchemasAndCallsThem() throws Exception {
        try (McpConnection connection = McpConnection.start(server())) {
            assertEquals(List.of("add", "reverse", "fail", "crash", "slow"), connection.tools().stream().map(Tool::name).toList());
            Tool add = tool(connection, "add");
            assertEquals("Adds two numbers.", add.description(), "one line for the model");
            assertTrue(add.sensitive(), "MCP tools wait for approval unless configured otherwise");
            assertEquals(JSON.readTree("""
                    {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
                     "required": ["a", "b"], "additionalProperties": false}"""), add.argumentsSchema());

            assertEquals("5", add.run(JSON.readTree("{\"a\": 2, \"b\": 3}"), CancellationToken.none()));
            assertEquals("2.5", add.run(JSON.readTree("{\"a\": 2, \"b\": 0.5}"), CancellationToken.none()));
            assertEquals("olleh", tool(connection, "reverse").run(JSON.readTree("{\"text\": \"hello\"}"), CancellationToken.none()));
        }
    }

    @Test
    void serversCanBeTrustedExplicitly() {
        try (McpConnection connection = McpConnection.start(server().withSensitive(false))) {
            assertFalse(tool(connection, "add").sensitive());
        }
    }

    @Test
    void aToolErrorIsAToolExceptionWithTheServersMessage() throws Exception {
        try (McpConnection connection = McpConnection.start(server())) {
            ToolException e = assertThrows(ToolException.class,
                    () -> tool(connection, "fail").run(JSON.readTree("{\"message\": \"disk full\"}"), CancellationToken.none()));
            assertEquals("It failed: disk full", e.getMessage());
            assertEquals("olleh", tool(connection, "reverse").run(JSON.readTree("{\"text\": \"hello\"}"), CancellationToken.none()),
                    "the server still works");
        }
    }

    @Test
    void aCrashedServerTurnsItsCallsIntoClearErrors() throws Exception {
        try (McpConnection connection = McpConnection.start(server())) {
            ToolException crash = assertThrows(ToolException.class,
                    () -> tool(connection, "crash").run(JSON.createObjectNode(), CancellationToken.none()));
            assertTrue(crash.getMessage().startsWith("The MCP server java has stopped while crash was running"), crash.getMessage());
            assertTrue(crash.getMessage().contains("crashing on purpose"), "the last stderr line helps: " + crash.getMessage());
            assertFalse(connection.isAlive());
            ToolException next = assertThrows(ToolException.class,
                    () -> tool(connection, "add").run(JSON.readTree("{\"a\": 1, \"b\": 1}"), CancellationToken.none()));
            assertTrue(next.getMessage().contains("has stopped before add could run"), next.getMessage());
        }
    }

    @Test
    void aCallThatTakesTooLongTimesOutAndCancellationStopsWaiting() throws Exception {
        McpServerSpec quick = server().withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300));
        try (McpConnection connection = McpConnection.start(quick)) {
            ToolException late = assertThrows(ToolException.class,
                    () -> tool(connection, "slow").run(JSON.readTree("{\"millis\": 5000}"), CancellationToken.none()));
            assertEquals("slow did not answer within 300 ms; try simpler arguments.", late.getMessage());

            CancellationToken cancel = new CancellationToken();
            cancel.cancel();
            ToolException cancelled = assertThrows(ToolException.class,
                    () -> tool(connection, "slow").run(JSON.readTree("{\"millis\": 5000}"), cancel));
            assertEquals("slow was cancelled.", cancelled.getMessage());
        }
    }

    @Test
    void closingTheConnectionEndsTheServerProcess() throws Exception {
        Set<Long> before = children();
        McpConnection connection = McpConnection.start(server());
        List<ProcessHandle> started = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
        assertEquals(1, started.size(), "one server process");
        assertTrue(started.getFirst().isAlive());
        connection.close();
        started.getFirst().onExit().get(10, TimeUnit.SECONDS);
        assertFalse(started.getFirst().isAlive());
        assertFalse(connection.isAlive());
    }

    @Test
    void aServerThatCannotStartIsOneClearSentence() {
        McpServerException missing = assertThrows(McpServerException.class, () -> McpConnection.start(
                new McpServerSpec(List.of("/nonexistent/mcp-server", "--flag"), Duration.ofSeconds(10), Duration.ofSeconds(10), true)));
        assertTrue(missing.getMessage().startsWith("The MCP server '/nonexistent/mcp-server --flag' could not be started:"),
                missing.getMessage());

        McpServerException exits = assertThrows(McpServerException.class, () -> McpConnection.start(server("--exit-at-start")));
        assertTrue(exits.getMessage().contains("exited during the MCP handshake"), exits.getMessage());
        assertTrue(exits.getMessage().contains("refusing to start"), exits.getMessage());

        McpServerException mute = assertThrows(McpServerException.class, () -> McpConnection.start(
                server("--mute").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))));
        assertTrue(mute.getMessage().contains("did not complete the MCP handshake within 2 s"), mute.getMessage());
    }

    @Test
    void anAgentRunUsesAnMcpToolThroughTheApprovalGate() {
        try (McpConnection connection = McpConnection.start(server())) {
            List<ApprovalGate.Request> asked = new ArrayList<>();
            ApprovalGate gate = request -> {
                asked.add(request);
                return request.tool().equals("add") ? new ApprovalGate.Decision.Approve(request.arguments())
                        : new ApprovalGate.Decision.Reject("not that one");
            };
            ScriptedModel model = new ScriptedModel(
                    "{\"thought\": \"sum\", \"action\": \"add\", \"arguments\": {\"a\": 40, \"b\": 2}}",
                    "{\"thought\": \"flip\", \"action\": \"reverse\", \"arguments\": {\"text\": \"abc\"}}",
                    "{\"thought\": \"oops\", \"action\": \"fail\", \"arguments\": {\"message\": \"x\"}}",
                    "{\"thought\": \"done\", \"answer\": \"42\"}");
            AgentResult result = new AgentRunner(model, connection.tools(), gate, AgentLimits.DEFAULTS,
                    SamplerSettings.GREEDY, 1, StepConstraints.NONE, System::nanoTime)
                    .run("What is 40 + 2?", CancellationToken.none(), AgentListener.NONE);

            assertEquals(StopReason.ANSWERED, result.stopReason());
            assertEquals(List.of("add", "reverse", "fail"), asked.stream().map(ApprovalGate.Request::tool).toList());
            assertEquals(JsonNodeFactory.instance.objectNode().put("a", 40).put("b", 2), asked.getFirst().arguments());
            assertEquals("42", result.records().get(0).observation());
            assertEquals("The user rejected this action: not that one", result.records().get(1).observation());
            assertEquals("The user rejected this action: not that one", result.records().get(2).observation());
            assertTrue(new AgentRunner(model, connection.tools(), gate, AgentLimits.DEFAULTS, SamplerSettings.GREEDY, 1,
                    StepConstraints.NONE, System::nanoTime).systemPrompt().contains("- add(a: number, b: number): Adds two numbers."));
        }
    }

    @Test
    void aToolErrorInARunIsAnObservation() {
        try (McpConnection connection = McpConnection.start(server().withSensitive(false))) {
            ScriptedModel model = new ScriptedModel(
                    "{\"thought\": \"t\", \"action\": \"fail\", \"arguments\": {\"message\": \"no disk\"}}",
                    "{\"thought\": \"t\", \"action\": \"crash\", \"arguments\": {}}",
                    "{\"thought\": \"t\", \"answer\": \"gave up\"}");
            AgentResult result = new AgentRunner(model, connection.tools(), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS,
                    SamplerSettings.GREEDY, 1, StepConstraints.NONE, System::nanoTime)
                    .run("x", CancellationToken.none(), AgentListener.NONE);

            assertEquals("Error: It failed: no disk", result.records().get(0).observation());
            assertTrue(result.records().get(1).observation().startsWith("Error: The MCP server java has stopped while crash"),
                    result.records().get(1).observation());
            assertEquals(StopReason.ANSWERED, result.stopReason());
        }
    }

    @Test
    void theRunnersToolTimeoutAbandonsASlowMcpCallAndTheServerStaysUsable() {
        try (McpConnection connection = McpConnection.start(server().withSensitive(false))) {
            ScriptedModel model = new ScriptedModel(
                    "{\"thought\": \"t\", \"action\": \"slow\", \"arguments\": {\"millis\": 60000}}",
                    "{\"thought\": \"t\", \"action\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}",
                    "{\"thought\": \"t\", \"answer\": \"3\"}");
            long start = System.nanoTime();
            AgentResult result = new AgentRunner(model, connection.tools(), ApprovalGate.REJECT_ALL,
                    new AgentLimits(4, 300, 60_000, 256), SamplerSettings.GREEDY, 1, StepConstraints.NONE, System::nanoTime)
                    .run("x", CancellationToken.none(), AgentListener.NONE);

            assertEquals("Error: slow timed out after 300 ms; try simpler arguments or another tool.",
                    result.records().get(0).observation());
            assertEquals("3", result.records().get(1).observation(), "the server answers the next call");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the run did not wait for the minute-long call");
        }
    }

    @Test
    void commandLinesSplitAtSpacesAndKeepQuotedParts() {
        assertEquals(List.of("npx", "-y", "my server", "--root", "/tmp/a b"),
                McpServerSpec.split("npx -y \"my server\" --root '/tmp/a b'"));
        assertThrows(IllegalArgumentException.class, () -> McpServerSpec.split("npx \"open"));
        assertThrows(IllegalArgumentException.class, () -> McpServerSpec.of("   "));
    }
}
