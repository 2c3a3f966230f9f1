package dev.loupe.ui.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.agents.run.ApprovalGate;
import dev.loupe.inference.CancellationToken;
import dev.loupe.ui.task.TaskRunner;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The desktop's {@link ApprovalGate}: shows an {@link ApprovalViewModel} on the UI thread and blocks the runner's
 * thread (never the UI thread) until the user decides. A cancelled run stops waiting within {@link #POLL_MILLIS}
 * and rejects the action.
 */
final class UiApprovalGate implements ApprovalGate {
    /** How often a wait looks at the run's cancellation token. */
    static final long POLL_MILLIS = 20;

    private final TaskRunner runner;
    private final Map<String, JsonNode> schemas;
    private final CancellationToken cancel;
    private final Consumer<ApprovalViewModel> show;

    /**
     * @param schemas each tool's arguments schema, by name
     * @param show puts a pending approval on screen; called on the UI thread, with null once it is answered
     */
    UiApprovalGate(TaskRunner runner, Map<String, JsonNode> schemas, CancellationToken cancel,
                   Consumer<ApprovalViewModel> show) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.schemas = Map.copyOf(schemas);
        this.cancel = Objects.requireNonNull(cancel, "cancel");
        this.show = Objects.requireNonNull(show, "show");
    }

    @Override
    public Decision decide(Request request) {
        CompletableFuture<Decision> answer = new CompletableFuture<>();
        JsonNode schema = Objects.requireNonNull(schemas.get(request.tool()), request.tool());
        runner.onUi(() -> show.accept(new ApprovalViewModel(request, schema, decision -> {
            answer.complete(decision);
            show.accept(null);
        })));
        try {
            while (true) {
                try {
                    return answer.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException waiting) {
                    if (cancel.isCancelled()) {
                        return cancelled(answer);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
            return cancelled(answer);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an approval never fails", e);
        }
    }

    private Decision cancelled(CompletableFuture<Decision> answer) {
        Decision rejected = new Decision.Reject("The run was cancelled before the user decided.");
        // The user may have answered in the same moment; the first answer counts.
        answer.complete(rejected);
        runner.onUi(() -> show.accept(null));
        return answer.join();
    }
}
