package dev.loupe.ui.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.run.StepConstraints;
import dev.loupe.agents.run.StepType;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.TextGenerator;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.testing.MemoryStores;
import dev.loupe.ui.testing.MemoryTraces;
import dev.loupe.ui.testing.PumpedTaskRunner;
import dev.loupe.ui.testing.ScriptedDialogs;
import dev.loupe.ui.testing.ScriptedGenerator;
import dev.loupe.ui.testing.TestTools;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a run's tools and step format come from: the step constraint prepared before step 1 while the timeline says
 * so, the tool format choice, and MCP servers added, listed and started for the run (with a fake server catalog;
 * the app's tests start a real MCP server).
 */
class AgentToolSourcesTest {
    private static final String NATIVE_TEMPLATE = "{% if tools %}<tools>{{ tools }}</tools> <tool_call>{% endif %}";

    private final PumpedTaskRunner runner = new PumpedTaskRunner();
    private final ScriptedGenerator generator = new ScriptedGenerator("scripted");
    private final MemoryStores.Settings settings = new MemoryStores.Settings();
    private final MemoryTraces traces = new MemoryTraces();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final TestTools tools = new TestTools();
    private final EngineViewModel engine = new EngineViewModel(runner, d -> generator);

    @AfterEach
    void stop() {
        runner.close();
    }

    private AgentsViewModel agents(StepFormats formats) {
        AgentsViewModel agents = new AgentsViewModel(runner, engine, tools, traces, formats, settings, dialogs,
                TestTools.CLOCK, System::nanoTime);
        engine.load(Path.of("/models/scripted"));
        runner.pumpUntil(() -> engine.current().isPresent());
        return agents;
    }

    private void runToEnd(AgentsViewModel agents, String task) {
        agents.taskProperty().set(task);
        agents.run();
        awaitEnd(agents);
    }

    private void awaitEnd(AgentsViewModel agents) {
        runner.pumpUntil(() -> !agents.stateProperty().get().isBusy() && engine.stateProperty().get() == EngineState.IDLE);
    }

    private static List<StepType> types(AgentsViewModel agents) {
        return agents.timeline().stream().map(TimelineEntry::type).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theTimelineSaysTheStepFormatIsBeingPreparedUntilTheModelWrites() {
        CountDownLatch preparing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AgentsViewModel agents = agents(model -> {
            preparing.countDown();
            await(release);
            return StepConstraints.NONE;
        });
        generator.replies("{\"thought\": \"Easy.\", \"answer\": \"42\"}");
        agents.taskProperty().set("What is 6 * 7?");
        agents.run();
        await(preparing);
        runner.pumpUntil(() -> agents.liveStepProperty().get() == 1);
        assertEquals(AgentsViewModel.PREPARING, agents.liveKindProperty().get());
        assertEquals(AgentsViewModel.PREPARING_FORMAT, agents.liveTextProperty().get());
        assertTrue(agents.timeline().isEmpty());

        release.countDown();
        awaitEnd(agents);
        assertEquals(List.of(StepType.THOUGHT, StepType.ANSWER), types(agents));
        assertEquals(AgentsViewModel.WRITING, agents.liveKindProperty().get());
        assertEquals(0, agents.liveStepProperty().get());
    }

    @Test
    void autoUsesTheNativeFormatWhenTheTemplateHasOneAndJsonStepsOtherwise() {
        AgentsViewModel agents = agents(new StepFormats() {
            @Override
            public StepConstraints constraints(TextGenerator model) {
                return StepConstraints.NONE;
            }

            @Override
            public Optional<String> chatTemplate(TextGenerator model) {
                return Optional.of(NATIVE_TEMPLATE);
            }
        });
        generator.replies("I compute.\n<tool_call>\n{\"name\": \"calculator\", \"arguments\": {\"expression\": \"6 * 7\"}}\n</tool_call>",
                "It is 42.");
        runToEnd(agents, "What is 6 * 7?");
        assertEquals(List.of(StepType.THOUGHT, StepType.ACTION, StepType.OBSERVATION, StepType.ANSWER), types(agents));
        assertEquals("42", agents.timeline().get(2).text());
        assertTrue(agents.statusProperty().get().contains(" · native tool calls · "), agents.statusProperty().get());
        assertTrue(generator.requests().getFirst().prompt().toString().contains("<tools>"), "the native system prompt");

        agents.setup().toolFormatProperty().set(ToolFormatChoice.REACT);
        generator.replies("{\"thought\": \"Easy.\", \"answer\": \"42\"}");
        runToEnd(agents, "What is 6 * 7?");
        assertEquals(List.of(StepType.THOUGHT, StepType.ANSWER), types(agents));
        assertTrue(agents.statusProperty().get().contains(" · JSON steps · "), agents.statusProperty().get());
        // The setup is saved on the storage lane before the history is read there.
        runner.pumpUntil(() -> agents.history().size() == 2);
        assertEquals(ToolFormatChoice.REACT, settings.agentSetup.toolFormat(), "the choice is remembered");
    }

    @Test
    void nativeOnAModelWithoutAToolTemplateIsOneSentenceAndKeepsTheTask() {
        AgentsViewModel agents = agents(model -> StepConstraints.NONE);
        agents.setup().toolFormatProperty().set(ToolFormatChoice.NATIVE);
        agents.taskProperty().set("What is 6 * 7?");
        agents.run();
        runner.pumpUntil(() -> agents.stateProperty().get() == EngineState.ERROR);
        assertEquals("scripted has no chat template that handles tools with <tool_call> tags; choose Auto or JSON "
                + "steps as the tool format.", agents.errorProperty().get().message());
        assertEquals("What is 6 * 7?", agents.taskProperty().get());
        assertTrue(generator.requests().isEmpty(), "the model wrote nothing");
    }

    /** A tool as an MCP server offers it: sensitive unless its server is trusted. */
    private record Echo(String name, boolean sensitive) implements Tool {
        @Override
        public String description() {
            return "Echoes a text.";
        }

        @Override
        public ObjectNode argumentsSchema() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            schema.putObject("properties").putObject("text").put("type", "string");
            schema.putArray("required").add("text");
            return schema;
        }

        @Override
        public String run(JsonNode arguments, CancellationToken cancel) {
            return "echo: " + arguments.get("text").asText();
        }
    }

    @Test
    void anMcpServersToolsAreListedChosenAndRunThroughApprovalWhileTheServerRunsForTheRunOnly() {
        tools.serve("echo-server --loud", List.of(new Echo("echo", true)));
        AgentsViewModel agents = agents(model -> StepConstraints.NONE);
        AgentSetupViewModel setup = agents.setup();
        setup.newServerCommandProperty().set("echo-server --loud");
        setup.newServerNameProperty().set("Echo");
        setup.addServer();
        assertEquals("", setup.newServerCommandProperty().get(), "the fields are cleared for the next one");
        McpServerRow row = setup.servers().getFirst();
        assertEquals("Echo", row.label());
        assertTrue(row.tools().isEmpty(), "nothing is started before Connect");

        setup.connect(row);
        runner.pumpUntil(() -> !row.connectingProperty().get());
        assertEquals("", row.errorProperty().get());
        assertEquals("1 tool listed.", row.statusProperty().get());
        ToolChoice echo = row.tools().getFirst();
        assertEquals("echo", echo.name());
        assertTrue(echo.sensitive());
        assertEquals(0, tools.running.get(), "listing stops the server again");
        echo.selectedProperty().set(true);

        generator.replies("{\"thought\": \"I echo.\", \"action\": \"echo\", \"arguments\": {\"text\": \"hi\"}}",
                "{\"thought\": \"Done.\", \"answer\": \"hi\"}");
        agents.taskProperty().set("Echo hi.");
        agents.run();
        runner.pumpUntil(() -> agents.approvalProperty().get() != null);
        assertEquals("echo", agents.approvalProperty().get().tool());
        assertEquals(1, tools.running.get(), "the server runs while the run does");
        assertTrue(agents.approvalProperty().get().approve());
        awaitEnd(agents);
        assertEquals("echo: hi", agents.timeline().get(2).text());
        assertEquals(0, tools.running.get(), "the run closed its server");
        runner.pumpUntil(() -> agents.history().size() == 1);
        AgentSetup remembered = settings.agentSetup;
        assertEquals(List.of("calculator", "current_time", "echo"), remembered.tools());
        assertEquals(List.of(new McpServerSetup("Echo", "echo-server --loud", false,
                List.of(new McpServerSetup.ListedTool("echo", "Echoes a text.")))), remembered.mcpServers());

        AgentSetupViewModel next = new AgentSetupViewModel(runner, tools, settings, dialogs, e -> {});
        next.apply(remembered);
        assertTrue(next.servers().getFirst().tools().getFirst().selectedProperty().get(),
                "after a restart the listed tools come back chosen, without starting the server");
        assertEquals(remembered, next.setup());
    }

    @Test
    void aServerThatDoesNotStartOrClashesWithAnotherToolSaysSoOnItsRow() {
        tools.serve("clash", List.of(new Echo("calculator", true)));
        AgentsViewModel agents = agents(model -> StepConstraints.NONE);
        AgentSetupViewModel setup = agents.setup();
        for (String command : List.of("no-such-server", "clash")) {
            setup.newServerCommandProperty().set(command);
            setup.addServer();
        }
        setup.servers().forEach(setup::connect);
        runner.pumpUntil(() -> setup.servers().stream().noneMatch(r -> r.connectingProperty().get()));
        assertEquals("The MCP server program no-such-server was not found.", setup.servers().get(0).errorProperty().get());
        assertEquals("It offers a tool named calculator, which another tool already has; remove one of the two servers.",
                setup.servers().get(1).errorProperty().get());
        assertTrue(setup.servers().get(1).tools().isEmpty());

        setup.newServerCommandProperty().set("broken \"quote");
        setup.addServer();
        assertEquals(2, setup.servers().size(), "a command line that cannot be split is not added");
        assertEquals("broken \"quote", setup.newServerCommandProperty().get(), "and stays typed");
        assertFalse(agents.errorProperty().get().message().isBlank());
        setup.removeServer(setup.servers().getFirst());
        assertEquals(List.of("clash"), setup.servers().stream().map(McpServerRow::commandLine).toList());
    }
}
