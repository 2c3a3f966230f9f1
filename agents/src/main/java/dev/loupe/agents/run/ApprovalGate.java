package dev.loupe.agents.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Asks the user whether a sensitive tool may run. The runner calls {@link #decide} on its own thread and waits; an
 * implementation blocks until the user answers (the desktop app) or answers at once ({@code --yes}). When the run
 * is cancelled while waiting, the gate should return a {@link Decision.Reject}.
 */
public interface ApprovalGate {
    /** Approves every request unchanged: the CLI's {@code --yes}. */
    ApprovalGate APPROVE_ALL = request -> new Decision.Approve(request.arguments());

    /** Rejects every request: runs without a user to ask. */
    ApprovalGate REJECT_ALL = request -> new Decision.Reject("No one is there to approve " + request.tool() + ".");

    Decision decide(Request request);

    /** What the model wants to run; {@code thought} is shown to help the user decide. */
    record Request(int step, String tool, JsonNode arguments, String thought) {
        public Request {
            Objects.requireNonNull(tool, "tool");
            arguments = arguments.deepCopy();
            thought = thought == null ? "" : thought;
        }
    }

    /** The user's answer. */
    sealed interface Decision {
        /** Run with these arguments, possibly edited by the user; they are validated again. */
        record Approve(JsonNode arguments) implements Decision {
            public Approve {
                arguments = arguments.deepCopy();
            }
        }

        /** Do not run; the reason becomes the observation. */
        record Reject(String reason) implements Decision {
            public Reject {
                reason = reason == null || reason.isBlank() ? "The user rejected the action." : reason;
            }
        }
    }
}
