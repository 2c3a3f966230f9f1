package dev.loupe.agents.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.testing.ScriptedModel;
import dev.loupe.agents.tool.ArgumentSchemas;
import dev.loupe.agents.tool.Calculator;
import dev.loupe.agents.tool.CurrentTime;
import dev.loupe.agents.tool.FolderGrants;
import dev.loupe.agents.tool.ReadFile;
import dev.loupe.agents.tool.Tool;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.inference.testing.ForwardingTextGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRunnerTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    private final List<AgentStep> timeline = new ArrayList<>();
    private final AgentListener recorder = timeline::add;

    private static AgentRunner runner(ScriptedModel model, List<Tool> tools, ApprovalGate gate, AgentLimits limits) {
        return new AgentRunner(model, tools, gate, limits, SamplerSettings.GREEDY, 7, StepConstraints.NONE,
                System::nanoTime);
    }

    private static String types(List<AgentStep> steps) {
        return String.join(",", steps.stream().map(s -> s.type().jsonName()).toList());
    }

    private static String lastUserMessage(ScriptedModel model, int generation) {
        List<ChatMessage> messages = ((Prompt.Chat) model.requests().get(generation).prompt()).messages();
        return messages.getLast().content();
    }

    @Test
    void correctTwoToolTaskRunsBothToolsAndAnswers() {
        ScriptedModel model = new ScriptedModel(
                "{\"thought\": \"compute\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"(3 + 4) * 2\"}}",
                "{\"thought\": \"date\", \"action\": \"current_time\", \"arguments\": {}}",
                "{\"thought\": \"done\", \"answer\": \"14 on a Sunday\"}");
        AgentResult result = runner(model, List.of(new Calculator(), new CurrentTime(FIXED)), ApprovalGate.REJECT_ALL,
                AgentLimits.DEFAULTS).run("What is (3+4)*2, and what day is it?", CancellationToken.none(), recorder);

        assertEquals(StopReason.ANSWERED, result.stopReason());
        assertEquals("14 on a Sunday", result.answer().orElseThrow());
        assertEquals("thought,action,observation,thought,action,observation,thought,answer", types(timeline));
        assertEquals("14", timeline.get(2).text());
        assertEquals("2026-03-01T10:15:30Z (SUNDAY)", timeline.get(5).text());
        assertEquals("Observation: 14", lastUserMessage(model, 1));
        assertEquals("Observation: 2026-03-01T10:15:30Z (SUNDAY)", lastUserMessage(model, 2));
        assertEquals(List.of(7L, 8L, 9L), model.requests().stream().map(r -> r.seed()).toList());
        StepRecord first = result.records().getFirst();
        assertEquals("calculator", first.tool());
        assertEquals("(3 + 4) * 2", first.arguments().get("expression").asText());
        assertTrue(first.prompt().contains("[user]\nWhat is (3+4)*2"), first.prompt());
        assertTrue(first.generatedTokens() > 0);
        assertEquals(timeline, Replay.timeline(result.records()));
    }

    @Test
    void unknownArgumentBecomesAnObservationAndTheModelRecovers() {
        ScriptedModel model = new ScriptedModel(
                "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {\"expr\": \"2+2\"}}",
                "{\"thought\": \"fix\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"2+2\"}}",
                "{\"thought\": \"ok\", \"answer\": \"4\"}");
        AgentResult result = runner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS)
                .run("2+2?", CancellationToken.none(), recorder);

        String firstObservation = result.records().get(0).observation();
        assertTrue(firstObservation.contains("unknown property 'expr'; allowed: expression"), firstObservation);
        assertTrue(firstObservation.contains("missing the required property 'expression'"), firstObservation);
        assertEquals("4", result.records().get(1).observation());
        assertEquals("4", result.answer().orElseThrow());
        assertEquals(timeline, Replay.timeline(result.records()));
    }

    @Test
    void malformedOutputAndUnknownToolBecomeObservations() {
        ScriptedModel model = new ScriptedModel("I think the answer is 4",
                "{\"thought\": \"t\", \"action\": \"python\", \"arguments\": {}}",
                "{\"thought\": \"t\", \"answer\": \"4\"} and some chatter");
        AgentResult result = runner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS)
                .run("2+2?", CancellationToken.none(), recorder);

        assertTrue(result.records().get(0).observation().contains("not a JSON object"));
        assertTrue(result.records().get(1).observation().contains("no tool named 'python'; the tools are calculator"));
        assertEquals("4", result.answer().orElseThrow());
        assertEquals(timeline, Replay.timeline(result.records()));
    }

    @Test
    void toolTimeoutIsReportedAndTheToolIsInterrupted() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Tool hanging = new TestTool("hang", false, (arguments, cancel) -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "never";
        });
        ScriptedModel model = new ScriptedModel("{\"thought\": \"t\", \"action\": \"hang\", \"arguments\": {}}",
                "{\"thought\": \"t\", \"answer\": \"gave up\"}");
        AgentResult result = runner(model, List.of(hanging), ApprovalGate.REJECT_ALL,
                new AgentLimits(4, 50, 60_000, 256)).run("wait", CancellationToken.none(), recorder);

        assertEquals("Error: hang timed out after 50 ms; try simpler arguments or another tool.",
                result.records().getFirst().observation());
        assertEquals(StopReason.ANSWERED, result.stopReason());
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the abandoned tool thread was not interrupted");
    }

    @Test
    void rejectedApprovalBecomesTheObservationAndTheToolDoesNotRun() {
        AtomicInteger runs = new AtomicInteger();
        Tool delete = new TestTool("delete_file", true, (arguments, cancel) -> "deleted " + runs.incrementAndGet());
        List<ApprovalGate.Request> asked = new ArrayList<>();
        ApprovalGate gate = request -> {
            asked.add(request);
            return new ApprovalGate.Decision.Reject("not my thesis");
        };
        ScriptedModel model = new ScriptedModel(
                "{\"thought\": \"clean up\", \"action\": \"delete_file\", \"arguments\": {\"path\": \"a/thesis.tex\"}}",
                "{\"thought\": \"ok\", \"answer\": \"left it\"}");
        AgentResult result = runner(model, List.of(delete), gate, AgentLimits.DEFAULTS)
                .run("tidy", CancellationToken.none(), recorder);

        assertEquals(0, runs.get());
        assertEquals(1, asked.size());
        assertEquals("clean up", asked.getFirst().thought());
        assertEquals("a/thesis.tex", asked.getFirst().arguments().get("path").asText());
        assertEquals("The user rejected this action: not my thesis", result.records().getFirst().observation());
        assertEquals("Observation: The user rejected this action: not my thesis", lastUserMessage(model, 1));
        assertEquals(timeline, Replay.timeline(result.records()));
    }

    @Test
    void approvalWithEditedArgumentsRunsTheEditedOnesAndInvalidEditsAreReported() {
        List<String> ran = new ArrayList<>();
        Tool delete = new TestTool("delete_file", true, (arguments, cancel) -> {
            ran.add(arguments.get("path").asText());
            return "deleted";
        });
        AtomicInteger asked = new AtomicInteger();
        ApprovalGate gate = request -> new ApprovalGate.Decision.Approve(asked.incrementAndGet() == 1
                ? JsonNodeFactory.instance.objectNode().put("path", "a/old.log")
                : JsonNodeFactory.instance.objectNode().put("file", "a/old.log"));
        String step = "{\"thought\": \"t\", \"action\": \"delete_file\", \"arguments\": {\"path\": \"a/thesis.tex\"}}";
        ScriptedModel model = new ScriptedModel(step, step, "{\"thought\": \"t\", \"answer\": \"done\"}");
        AgentResult result = runner(model, List.of(delete), gate, AgentLimits.DEFAULTS)
                .run("tidy", CancellationToken.none(), recorder);

        assertEquals(List.of("a/old.log"), ran);
        assertEquals("a/old.log", result.records().get(0).arguments().get("path").asText());
        assertTrue(result.records().get(1).observation().contains("unknown property 'file'"));
    }

    @Test
    void readFileOutsideTheGrantedFoldersIsRefusedWithoutReadingTheFile(@TempDir Path temp) throws IOException {
        Path notes = Files.createDirectories(temp.resolve("notes"));
        Files.writeString(temp.resolve("secret.txt"), "the secret");
        Files.createSymbolicLink(notes.resolve("link.txt"), temp.resolve("secret.txt"));
        ScriptedModel model = new ScriptedModel(
                "{\"thought\": \"t\", \"action\": \"read_file\", \"arguments\": {\"path\": \"notes/../secret.txt\"}}",
                "{\"thought\": \"t\", \"action\": \"read_file\", \"arguments\": {\"path\": \"notes/link.txt\"}}",
                "{\"thought\": \"t\", \"action\": \"read_file\", \"arguments\": {\"path\": \"" + temp.resolve("secret.txt")
                        + "\"}}",
                "{\"thought\": \"t\", \"answer\": \"cannot\"}");
        AgentResult result = runner(model, List.of(new ReadFile(FolderGrants.of(List.of(notes)), 1000)),
                ApprovalGate.APPROVE_ALL, AgentLimits.DEFAULTS).run("read", CancellationToken.none(), recorder);

        assertTrue(result.records().get(0).observation().contains("outside the granted folders"));
        assertTrue(result.records().get(1).observation().contains("outside the granted folders"));
        assertTrue(result.records().get(2).observation().contains("Absolute paths are not allowed"));
        assertFalse(timeline.stream().anyMatch(s -> s.text().contains("the secret")));
        assertEquals("cannot", result.answer().orElseThrow());
    }

    @Test
    void aToolThatThrowsBecomesAnObservationNotACrash() {
        Tool broken = new TestTool("broken", false, (arguments, cancel) -> {
            throw new IllegalStateException("disk on fire");
        });
        ScriptedModel model = new ScriptedModel("{\"thought\": \"t\", \"action\": \"broken\", \"arguments\": {}}",
                "{\"thought\": \"t\", \"answer\": \"sorry\"}");
        AgentResult result = runner(model, List.of(broken), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS)
                .run("x", CancellationToken.none(), recorder);

        assertEquals("Error: broken failed (IllegalStateException: disk on fire).",
                result.records().getFirst().observation());
    }

    @Test
    void stopsAtTheStepLimitWithoutAnAnswer() {
        String step = "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"1\"}}";
        ScriptedModel model = new ScriptedModel(step, step, step, step);
        AgentResult result = runner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL,
                AgentLimits.DEFAULTS.withMaxSteps(3)).run("loop", CancellationToken.none(), recorder);

        assertEquals(StopReason.MAX_STEPS, result.stopReason());
        assertEquals(3, result.records().size());
        assertEquals(3, model.requests().size());
        assertTrue(result.answer().isEmpty());
    }

    @Test
    void cancelStopsWithinOneToken() {
        CancellationToken cancel = new CancellationToken();
        ScriptedModel model = new ScriptedModel("{\"thought\": \"t\", \"answer\": \"long answer\"}");
        AgentListener cancelAtFirstText = new AgentListener() {
            @Override
            public void onStep(AgentStep step) {
                timeline.add(step);
            }

            @Override
            public void onText(String delta) {
                cancel.cancel();
            }
        };
        AgentResult result = runner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS)
                .run("x", cancel, cancelAtFirstText);

        assertEquals(StopReason.CANCELLED, result.stopReason());
        assertEquals(1, model.tokensWritten());
        assertTrue(result.records().isEmpty());
        assertTrue(timeline.isEmpty());
    }

    @Test
    void cancelStopsARunningToolCall() {
        CancellationToken cancel = new CancellationToken();
        Tool hanging = new TestTool("hang", false, (arguments, toolCancel) -> {
            cancel.cancel();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "never";
        });
        ScriptedModel model = new ScriptedModel("{\"thought\": \"t\", \"action\": \"hang\", \"arguments\": {}}",
                "{\"thought\": \"t\", \"answer\": \"not reached\"}");
        AgentResult result = runner(model, List.of(hanging), ApprovalGate.REJECT_ALL,
                new AgentLimits(4, 600_000, 600_000, 256)).run("x", cancel, recorder);

        assertEquals(StopReason.CANCELLED, result.stopReason());
        assertEquals("The run was stopped while hang was running.", result.records().getFirst().observation());
        assertEquals(1, model.requests().size());
    }

    @Test
    void theTimeBudgetEndsTheRunBetweenTokens() {
        AtomicLong nanos = new AtomicLong();
        ScriptedModel model = new ScriptedModel(
                "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"1\"}}",
                "{\"thought\": \"t\", \"answer\": \"late\"}")
                .beforeEachGeneration(() -> nanos.addAndGet(TimeUnit.SECONDS.toNanos(1)));
        AgentResult result = new AgentRunner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL,
                new AgentLimits(8, 10_000, 1_500, 256), SamplerSettings.GREEDY, 1, StepConstraints.NONE, nanos::get)
                .run("x", CancellationToken.none(), recorder);

        assertEquals(StopReason.TIME_BUDGET, result.stopReason());
        assertEquals(1, result.records().size());
        assertEquals(2, model.requests().size());
    }

    @Test
    void aPromptThatOutgrowsTheContextEndsTheRunWithTheStepsSoFar() {
        AtomicInteger generations = new AtomicInteger();
        ScriptedModel model = new ScriptedModel(
                "{\"thought\": \"t\", \"action\": \"calculator\", \"arguments\": {\"expression\": \"1\"}}")
                .beforeEachGeneration(() -> {
                    if (generations.incrementAndGet() > 1) {
                        throw new PromptTooLongException(600, 16, 512);
                    }
                });
        AgentResult result = runner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS)
                .run("x", CancellationToken.none(), recorder);

        assertEquals(StopReason.CONTEXT_FULL, result.stopReason());
        assertEquals(1, result.records().size());
    }

    @Test
    void theSystemPromptListsEachToolWithItsParameters() {
        String prompt = runner(new ScriptedModel(), List.of(new Calculator(), new CurrentTime(FIXED)),
                ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS).systemPrompt();
        assertTrue(prompt.contains("- calculator(expression: string): Evaluates"), prompt);
        assertTrue(prompt.contains("- current_time(): Tells"), prompt);
    }

    @Test
    void aModelWithASmallContextIsGivenTheCompactSystemPrompt() {
        List<Tool> tools = List.of(new Calculator(), new CurrentTime(FIXED));
        TextGenerator small = new ForwardingTextGenerator(new ScriptedModel()) {
            @Override
            public int contextTokens() {
                return 512;
            }
        };
        String prompt = new AgentRunner(small, tools, ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS, SamplerSettings.GREEDY, 7,
                StepConstraints.NONE, System::nanoTime).systemPrompt();
        assertEquals(ToolFormat.REACT.systemPrompt(tools, 512), prompt);
        assertTrue(prompt.contains("calculator(expression)") && !prompt.contains("Evaluates"), prompt);
    }

    @Test
    void theStepConstraintIsBuiltFromTheStepSchemaOfTheTools() {
        List<ObjectNode> schemas = new ArrayList<>();
        ScriptedModel model = new ScriptedModel("{\"thought\": \"t\", \"answer\": \"a\"}");
        new AgentRunner(model, List.of(new Calculator()), ApprovalGate.REJECT_ALL, AgentLimits.DEFAULTS,
                SamplerSettings.GREEDY, 1, schema -> {
                    schemas.add(schema);
                    return () -> null;
                }, System::nanoTime).run("x", CancellationToken.none(), recorder);

        assertEquals(List.of(StepSchema.forTools(List.of(new Calculator()))), schemas);
    }

    /** A tool defined by a lambda, with an optional {@code path} string argument. */
    private record TestTool(String name, boolean sensitive, Body body) implements Tool {
        interface Body {
            String run(JsonNode arguments, CancellationToken cancel);
        }

        @Override
        public String description() {
            return "test tool " + name;
        }

        @Override
        public ObjectNode argumentsSchema() {
            return ArgumentSchemas.object(Map.of("path", ArgumentSchemas.string("a path")), List.of());
        }

        @Override
        public String run(JsonNode arguments, CancellationToken cancel) {
            return body.run(arguments, cancel);
        }
    }
}
