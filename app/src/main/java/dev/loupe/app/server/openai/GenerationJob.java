package dev.loupe.app.server.openai;

import dev.loupe.app.server.CompletedRequest;
import dev.loupe.app.server.GenerationQueue;
import dev.loupe.app.server.http.EventStream;
import dev.loupe.app.server.http.Exchange;
import dev.loupe.inference.CancellationToken;
import dev.loupe.inference.FinishReason;
import dev.loupe.inference.GenerationRequest;
import dev.loupe.inference.GenerationResult;
import dev.loupe.inference.LoupeException;
import dev.loupe.inference.Prompt;
import dev.loupe.inference.TokenConstraint;
import dev.loupe.inference.TokenEvent;
import dev.loupe.inference.TokenListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted completion request, run on the model's queue thread: encodes and checks its prompts, generates
 * each choice, answers (whole or streamed) and records a run per choice. A client that disconnects cancels it
 * within one token; one that disconnects while it waits is withdrawn from the queue.
 */
final class GenerationJob implements GenerationQueue.Job {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationJob.class);

    private final ServedModel model;
    private final GenerationPlan plan;
    private final CompletionStyle style;
    private final Exchange exchange;
    private final Map<String, String> headers;
    private final CancellationToken cancel = new CancellationToken();
    private volatile boolean clientGone;

    GenerationJob(ServedModel model, GenerationPlan plan, CompletionStyle style, Exchange exchange, Map<String, String> headers) {
        this.model = model;
        this.plan = plan;
        this.style = style;
        this.exchange = exchange;
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("X-Request-Id", plan.requestId());
        all.put("X-Loupe-Seed", Long.toString(plan.seed()));
        this.headers = Map.copyOf(all);
    }

    /** Called on a network thread when the client closes its connection. */
    void clientGone() {
        clientGone = true;
        cancel.cancel();
        if (model.queue().withdraw(this)) {
            for (GenerationPlan.PlannedPrompt prompt : plan.prompts()) {
                model.recordFailed(plan.startedAt(), model.id(), plan.sampler(), plan.seed(), prompt.preview(), 0,
                        "The client disconnected while the request waited for the model.");
            }
            model.completed(new CompletedRequest(plan.requestId(), plan.endpoint(), 499, Optional.of(FinishReason.CANCELLED), true, 0, 0));
        }
    }

    @Override
    public void abandon() {
        respondError(new ApiError(503, "server_error", Optional.of("server_stopping"), Optional.empty(),
                "The API server is stopping; send the request again once it runs."), 0);
    }

    @Override
    public void run() {
        if (clientGone) {
            model.completed(new CompletedRequest(plan.requestId(), plan.endpoint(), 499, Optional.of(FinishReason.CANCELLED), true, 0, 0));
            return;
        }
        List<GenerationRequest> requests;
        try {
            requests = prepare();
        } catch (ApiException e) {
            respondError(e.error(), 0);
            return;
        } catch (LoupeException e) {
            LOG.warn("A prompt of {} could not be prepared", plan.requestId(), e);
            respondError(ApiError.of(500, "server_error", "internal_error", e.getMessage()), 0);
            return;
        }
        if (plan.stream()) {
            stream(requests);
        } else {
            whole(requests);
        }
    }

    /** Encodes every prompt and checks it fits the context with the tokens asked for, before anything is sent. */
    private List<GenerationRequest> prepare() {
        int context = model.generator().contextTokens();
        TokenConstraint constraint = plan.constraint().build(model.generator());
        List<GenerationRequest> requests = new ArrayList<>();
        for (GenerationPlan.PlannedPrompt planned : plan.prompts()) {
            int[] ids = model.generator().encode(planned.prompt());
            int room = context - ids.length;
            if (room < 1) {
                throw new InvalidRequestException("messages", "context_length_exceeded",
                        "This model's context holds " + context + " tokens, but the prompt has " + ids.length + " tokens; shorten it.");
            }
            int maxNew = plan.maxTokens().orElse(room);
            if (maxNew > room) {
                throw new InvalidRequestException(plan.maxTokensField(), "context_length_exceeded",
                        "This model's context holds " + context + " tokens, but " + (ids.length + maxNew) + " were requested ("
                                + ids.length + " in the prompt, " + maxNew + " to generate); lower " + plan.maxTokensField() + " or shorten the prompt.");
            }
            requests.add(new GenerationRequest(new Prompt.Tokens(ids), plan.sampler(), plan.seed(), maxNew, plan.stops(),
                    plan.logprobs() ? plan.topLogprobs() : 0, constraint));
        }
        return requests;
    }

    private void whole(List<GenerationRequest> requests) {
        List<CompletionStyle.Choice> choices = new ArrayList<>();
        int i = 0;
        try {
            for (; i < requests.size(); i++) {
                GenerationPlan.PlannedPrompt prompt = plan.prompts().get(i);
                PromptScoring.Score score = promptScore(prompt, requests.get(i));
                GenerationResult result = model.generator().generate(requests.get(i), cancel, TokenListener.NONE);
                model.recordFinished(plan.startedAt(), plan.sampler(), plan.seed(), prompt.preview(), result);
                choices.add(new CompletionStyle.Choice(i, prompt, result, Logprobs.contributing(result.tokens(), result.text().length()), score,
                        plan.tools().parse(result.text())));
                if (cancel.isCancelled()) {
                    break;
                }
            }
        } catch (LoupeException e) {
            failed(e, requests.size() - i);
            respondError(ApiError.of(500, "server_error", "generation_failed", e.getMessage()), 0);
            return;
        }
        CompletionStyle.Usage usage = usage(choices);
        exchange.respond(200, "application/json", Json.bytes(style.response(plan, choices, usage)), headers);
        completed(200, choices);
    }

    private void stream(List<GenerationRequest> requests) {
        EventStream events = exchange.openEventStream(headers);
        List<CompletionStyle.Choice> choices = new ArrayList<>();
        int i = 0;
        try {
            for (; i < requests.size(); i++) {
                GenerationPlan.PlannedPrompt prompt = plan.prompts().get(i);
                send(events, style.openingChunk(plan, i));
                PromptScoring.Score score = promptScore(prompt, requests.get(i));
                if (!prompt.echo().isEmpty()) {
                    send(events, style.echoChunk(plan, i, prompt.echo(), score));
                }
                ChunkingListener listener = new ChunkingListener(events, i, prompt.echo().length());
                GenerationResult result = model.generator().generate(requests.get(i), cancel, listener);
                model.recordFinished(plan.startedAt(), plan.sampler(), plan.seed(), prompt.preview(), result);
                CompletionStyle.Choice choice = new CompletionStyle.Choice(i, prompt, result,
                        Logprobs.contributing(result.tokens(), result.text().length()), score, plan.tools().parse(result.text()));
                choices.add(choice);
                if (cancel.isCancelled()) {
                    break;
                }
                listener.release(choice);
                send(events, style.closingChunk(plan, choice));
            }
            if (!cancel.isCancelled()) {
                if (plan.includeUsage()) {
                    send(events, style.usageChunk(plan, usage(choices)));
                }
                events.send("[DONE]");
            }
        } catch (LoupeException e) {
            failed(e, requests.size() - i);
            events.send(Json.text(ApiError.of(500, "server_error", "generation_failed", e.getMessage()).toJson()));
        }
        events.end();
        completed(200, choices);
    }

    private void send(EventStream events, com.fasterxml.jackson.databind.node.ObjectNode chunk) {
        if (chunk != null) {
            events.send(Json.text(chunk));
        }
    }

    /**
     * Streams text as the engine releases it, each chunk with the tokens that completed since the last one. When the
     * request offers tools, an answer that is a call (it must be, or it opens with '{') is held back and sent as
     * one tool-call chunk at the end, as OpenAI does.
     */
    private final class ChunkingListener implements TokenListener {
        private final EventStream events;
        private final int index;
        private final List<TokenEvent> pending = new ArrayList<>();
        private final StringBuilder held = new StringBuilder();
        private boolean holding;
        private boolean decided;
        private int offset;

        ChunkingListener(EventStream events, int index, int echoLength) {
            this.events = events;
            this.index = index;
            this.offset = echoLength;
        }

        @Override
        public void onToken(TokenEvent event) {
            if (plan.logprobs()) {
                pending.add(event);
            }
        }

        @Override
        public void onText(String delta) {
            if (!decided) {
                decided = true;
                holding = plan.tools().active() && (plan.tools().forced() || delta.startsWith("{"));
            }
            if (holding) {
                held.append(delta);
                return;
            }
            List<TokenEvent> tokens = List.copyOf(pending);
            pending.clear();
            send(events, style.textChunk(plan, index, delta, tokens, offset));
            offset += delta.length();
        }

        /** After the generation: sends what was held back, as a call or (when it is none) as text. */
        void release(CompletionStyle.Choice choice) {
            if (!holding) {
                return;
            }
            if (choice.toolCall().isPresent()) {
                send(events, style.toolCallChunk(plan, index, choice.toolCall().get()));
            } else if (!held.isEmpty()) {
                send(events, style.textChunk(plan, index, held.toString(), List.copyOf(pending), offset));
            }
        }
    }

    /** The echoed prompt's token probabilities when the request asks for echo with logprobs, else none. */
    private PromptScoring.Score promptScore(GenerationPlan.PlannedPrompt prompt, GenerationRequest request) {
        if (prompt.echo().isEmpty() || !plan.logprobs()) {
            return PromptScoring.Score.NONE;
        }
        return PromptScoring.score(model.generator(), ((Prompt.Tokens) request.prompt()).ids(), plan.topLogprobs(), cancel);
    }

    private void failed(LoupeException e, int notRun) {
        LOG.warn("Generation for {} failed", plan.requestId(), e);
        for (int k = 0; k < notRun; k++) {
            GenerationPlan.PlannedPrompt prompt = plan.prompts().get(plan.prompts().size() - notRun + k);
            model.recordFailed(plan.startedAt(), model.id(), plan.sampler(), plan.seed(), prompt.preview(), 0, e.getMessage());
        }
    }

    private void respondError(ApiError error, int promptTokens) {
        for (GenerationPlan.PlannedPrompt prompt : plan.prompts()) {
            model.recordFailed(plan.startedAt(), model.id(), plan.sampler(), plan.seed(), prompt.preview(), promptTokens, error.message());
        }
        exchange.respond(error.status(), "application/json", Json.bytes(error.toJson()), headers);
        model.completed(new CompletedRequest(plan.requestId(), plan.endpoint(), error.status(), Optional.empty(), clientGone, 0, 0));
    }

    private void completed(int status, List<CompletionStyle.Choice> choices) {
        CompletionStyle.Usage usage = usage(choices);
        Optional<FinishReason> reason = choices.isEmpty() ? Optional.empty() : Optional.of(choices.getLast().result().finishReason());
        model.completed(new CompletedRequest(plan.requestId(), plan.endpoint(), status, reason, clientGone, usage.promptTokens(), usage.completionTokens()));
    }

    private static CompletionStyle.Usage usage(List<CompletionStyle.Choice> choices) {
        int prompt = 0;
        int completion = 0;
        for (CompletionStyle.Choice choice : choices) {
            prompt += choice.result().promptTokens();
            completion += choice.result().generatedTokens();
        }
        return new CompletionStyle.Usage(prompt, completion);
    }
}
