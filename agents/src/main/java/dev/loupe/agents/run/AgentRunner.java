package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.agents.tool.Tool;
import dev.loupe.agents.tool.ToolException;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.ChatMessage;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.PromptTooLongException;
import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import dev.loupe.inference.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ReAct loop: the model writes one step (a JSON step, see {@link StepSchema}, or its chat template's native
 * tool call, see {@link ToolFormat}), the runner executes the action and feeds the observation back as the next
 * user message, until the model answers or a limit is reached.
 *
 * <p>Every failure inside the loop becomes an observation the model can act on: an invalid step, an unknown tool
 * or argument, a {@link ToolException} or any other exception from a tool, a tool timeout, a rejected approval.
 * A prompt grown past the model's context ends the run ({@link StopReason#CONTEXT_FULL}); only other failures
 * of the model itself end it with an exception.
 *
 * <p>{@link #run} blocks; call it off the UI thread. One run at a time per instance, as the generator serves one
 * generation at a time. Tools run on a virtual thread each so that a hung tool can be abandoned.
 */
public final class AgentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);
    /** How often a wait for a tool looks at the cancellation token and the budget. */
    private static final long POLL_MILLIS = 20;
    /** How the observation of an output that is not a valid step begins. */
    static final String INVALID_STEP = "Invalid step: ";

    private final TextGenerator model;
    private final Map<String, Tool> tools;
    private final List<Tool> toolOrder;
    private final ApprovalGate approvals;
    private final AgentLimits limits;
    private final SamplerSettings sampler;
    private final long seed;
    private final StepConstraints constraints;
    private final LongSupplier nanoClock;
    private final ToolFormat format;

    /**
     * A runner that speaks Loupe's ReAct JSON step ({@link ToolFormat#REACT}).
     *
     * @param tools distinct names; their order is the order the model sees
     * @param seed the seed of step 1; step n uses {@code seed + n - 1}, so a run is reproducible
     * @param nanoClock {@link System#nanoTime} in the app, a scripted clock in tests of the time budget
     */
    public AgentRunner(TextGenerator model, List<Tool> tools, ApprovalGate approvals, AgentLimits limits,
                       SamplerSettings sampler, long seed, StepConstraints constraints, LongSupplier nanoClock) {
        this(model, tools, approvals, limits, sampler, seed, constraints, nanoClock, ToolFormat.REACT);
    }

    /**
     * As above, with the way the model calls tools: {@link ToolFormat#REACT} or the template's native format
     * ({@link NativeToolFormat}).
     */
    public AgentRunner(TextGenerator model, List<Tool> tools, ApprovalGate approvals, AgentLimits limits,
                       SamplerSettings sampler, long seed, StepConstraints constraints, LongSupplier nanoClock,
                       ToolFormat format) {
        this.model = Objects.requireNonNull(model, "model");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.seed = seed;
        this.constraints = Objects.requireNonNull(constraints, "constraints");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.format = Objects.requireNonNull(format, "format");
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (Tool tool : tools) {
            if (byName.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("two tools are named " + tool.name());
            }
        }
        this.tools = Map.copyOf(byName);
        this.toolOrder = List.copyOf(byName.values());
    }

    /** The schema every step must satisfy, for these tools. */
    public ObjectNode stepSchema() {
        return StepSchema.forTools(toolOrder);
    }

    /** The system message that explains the step format and the tools, compact for a small context. */
    public String systemPrompt() {
        return format.systemPrompt(toolOrder, model.contextTokens());
    }

    /** How the model writes its steps in this runner. */
    public ToolFormat toolFormat() {
        return format;
    }

    /**
     * Runs the task to an answer or a limit.
     *
     * @param cancel stops the run within one token or one tool call (the tool is abandoned)
     * @param listener receives the timeline and the step records on this thread
     */
    public AgentResult run(String task, CancellationToken cancel, AgentListener listener) {
        long startNanos = nanoClock.getAsLong();
        long deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(limits.totalBudgetMillis());
        // Compiled once per run: the tools do not change while it runs.
        TokenConstraint constraint = format.constraint(constraints, toolOrder);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system(systemPrompt()));
        messages.add(ChatMessage.user(task));
        List<StepRecord> records = new ArrayList<>();
        ExecutorService toolThreads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int step = 1; step <= limits.maxSteps(); step++) {
                Optional<StopReason> stop = stopReason(cancel, deadlineNanos);
                if (stop.isPresent()) {
                    return finish(Optional.empty(), stop.get(), records, startNanos);
                }
                String prompt = render(messages);
                GenerationResult generated;
                try {
                    generated = generate(messages, constraint, step, cancel, deadlineNanos, listener);
                } catch (PromptTooLongException full) {
                    LOG.info("Agent run stops at step {}: {}", step, full.getMessage());
                    return finish(Optional.empty(), StopReason.CONTEXT_FULL, records, startNanos);
                }
                if (generated.finishReason() == FinishReason.CANCELLED) {
                    // A step cut short is not a step the model wrote; it is not recorded.
                    return finish(Optional.empty(), stopReason(cancel, deadlineNanos).orElse(StopReason.CANCELLED),
                            records, startNanos);
                }
                String raw = generated.text();
                ParsedStep parsed = format.parse(raw, tools);
                messages.add(ChatMessage.assistant(raw.strip()));
                StepRecord record = switch (parsed) {
                    case ParsedStep.Answer answer -> {
                        emitThought(listener, step, answer.thought());
                        listener.onStep(new AgentStep(step, StepType.ANSWER, null, null, answer.answer()));
                        yield new StepRecord(step, prompt, raw, answer.thought(), null, null, answer.answer(), null,
                                generated.promptTokens(), generated.generatedTokens(), generated.totalMillis(), 0);
                    }
                    case ParsedStep.Invalid invalid -> {
                        emitThought(listener, step, invalid.thought());
                        String observation = INVALID_STEP + invalid.problem() + " Write one step as described.";
                        listener.onStep(new AgentStep(step, StepType.OBSERVATION, invalid.tool(), null, observation));
                        yield new StepRecord(step, prompt, raw, invalid.thought(), invalid.tool(),
                                invalid.arguments(), null, observation, generated.promptTokens(),
                                generated.generatedTokens(), generated.totalMillis(), 0);
                    }
                    case ParsedStep.Action action -> act(step, action, prompt, raw, generated, cancel,
                            deadlineNanos, listener, toolThreads);
                };
                records.add(record);
                listener.onRecord(record);
                if (record.answer() != null) {
                    return finish(Optional.of(record.answer()), StopReason.ANSWERED, records, startNanos);
                }
                messages.add(ChatMessage.user(format.observationMessage(record.observation())));
            }
            return finish(Optional.empty(), stopReason(cancel, deadlineNanos).orElse(StopReason.MAX_STEPS), records,
                    startNanos);
        } finally {
            // Abandon tools still running after a timeout; close() would wait for them.
            toolThreads.shutdownNow();
        }
    }

    private GenerationResult generate(List<ChatMessage> messages, TokenConstraint constraint, int step,
                                      CancellationToken cancel, long deadlineNanos, AgentListener listener) {
        CancellationToken stepCancel = new CancellationToken();
        GenerationRequest request = new GenerationRequest(Prompt.chat(messages), sampler, seed + step - 1,
                limits.maxStepTokens(), List.of(), 0, constraint);
        return model.generate(request, stepCancel, new TokenListener() {
            @Override
            public void onToken(TokenEvent event) {
                // The decode loop checks stepCancel before the next token: the run stops within one token.
                if (cancel.isCancelled() || nanoClock.getAsLong() - deadlineNanos >= 0) {
                    stepCancel.cancel();
                }
            }

            @Override
            public void onText(String delta) {
                listener.onText(delta);
                if (cancel.isCancelled()) {
                    stepCancel.cancel();
                }
            }
        });
    }

    private StepRecord act(int step, ParsedStep.Action action, String prompt, String raw, GenerationResult generated,
                           CancellationToken cancel, long deadlineNanos, AgentListener listener,
                           ExecutorService toolThreads) {
        emitThought(listener, step, action.thought());
        Tool tool = tools.get(action.tool());
        JsonNode arguments = action.arguments();
        String observation;
        double toolMillis = 0;
        if (tool.sensitive()) {
            ApprovalGate.Decision decision = approvals.decide(
                    new ApprovalGate.Request(step, tool.name(), arguments, action.thought()));
            if (decision instanceof ApprovalGate.Decision.Approve approve) {
                arguments = approve.arguments();
            } else {
                String reason = ((ApprovalGate.Decision.Reject) decision).reason();
                listener.onStep(new AgentStep(step, StepType.ACTION, tool.name(), arguments, ""));
                observation = "The user rejected this action: " + reason;
                listener.onStep(new AgentStep(step, StepType.OBSERVATION, tool.name(), null, observation));
                return new StepRecord(step, prompt, raw, action.thought(), tool.name(), arguments, null, observation,
                        generated.promptTokens(), generated.generatedTokens(), generated.totalMillis(), 0);
            }
        }
        listener.onStep(new AgentStep(step, StepType.ACTION, tool.name(), arguments, ""));
        List<String> problems = SchemaValidator.problems(arguments, tool.argumentsSchema());
        if (!problems.isEmpty()) {
            observation = "Error: " + String.join("; ", problems) + ".";
        } else {
            long toolStart = nanoClock.getAsLong();
            observation = runTool(tool, arguments, cancel, deadlineNanos, toolThreads);
            toolMillis = (nanoClock.getAsLong() - toolStart) / 1e6;
        }
        listener.onStep(new AgentStep(step, StepType.OBSERVATION, tool.name(), null, observation));
        return new StepRecord(step, prompt, raw, action.thought(), tool.name(), arguments, null, observation,
                generated.promptTokens(), generated.generatedTokens(), generated.totalMillis(), toolMillis);
    }

    private String runTool(Tool tool, JsonNode arguments, CancellationToken cancel, long deadlineNanos,
                           ExecutorService toolThreads) {
        CancellationToken toolCancel = new CancellationToken();
        Future<String> call = toolThreads.submit(() -> tool.run(arguments, toolCancel));
        long toolDeadline = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(limits.toolTimeoutMillis());
        try {
            while (true) {
                try {
                    return call.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    long now = nanoClock.getAsLong();
                    if (cancel.isCancelled() || now - deadlineNanos >= 0) {
                        abandon(call, toolCancel);
                        return "The run was stopped while " + tool.name() + " was running.";
                    }
                    if (now - toolDeadline >= 0) {
                        abandon(call, toolCancel);
                        return "Error: " + tool.name() + " timed out after " + limits.toolTimeoutMillis()
                                + " ms; try simpler arguments or another tool.";
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolException toolError) {
                return "Error: " + toolError.getMessage();
            }
            LOG.warn("Tool {} failed with {}", tool.name(), arguments, cause);
            return "Error: " + tool.name() + " failed (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ").";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(call, toolCancel);
            cancel.cancel();
            return "The run was stopped while " + tool.name() + " was running.";
        }
    }

    private static void abandon(Future<String> call, CancellationToken toolCancel) {
        toolCancel.cancel();
        call.cancel(true);
    }

    private Optional<StopReason> stopReason(CancellationToken cancel, long deadlineNanos) {
        if (cancel.isCancelled()) {
            return Optional.of(StopReason.CANCELLED);
        }
        if (nanoClock.getAsLong() - deadlineNanos >= 0) {
            return Optional.of(StopReason.TIME_BUDGET);
        }
        return Optional.empty();
    }

    private AgentResult finish(Optional<String> answer, StopReason reason, List<StepRecord> records,
                               long startNanos) {
        return new AgentResult(answer, reason, records, (nanoClock.getAsLong() - startNanos) / 1e6);
    }

    private static void emitThought(AgentListener listener, int step, String thought) {
        if (!thought.isBlank()) {
            listener.onStep(new AgentStep(step, StepType.THOUGHT, null, null, thought));
        }
    }

    /** The prompt as a trace shows it: one role-tagged block per message. */
    static String render(List<ChatMessage> messages) {
        return messages.stream().map(m -> "[" + m.role().name().toLowerCase(java.util.Locale.ROOT) + "]\n"
                + m.content()).collect(Collectors.joining("\n\n"));
    }
}
