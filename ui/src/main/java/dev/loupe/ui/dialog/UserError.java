package dev.loupe.ui.dialog;

import dev.loupe.inference.LoupeException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * An error as the user sees it: one sentence to act on, and the details (the chain of causes with their stack
 * traces) for whoever asks for them.
 *
 * @param message one sentence, shown in the status bar or next to the input that caused it
 * @param details everything else, shown on demand; empty when there is nothing more to say
 */
public record UserError(String message, String details) {
    public UserError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(details, "details");
        if (message.isBlank()) {
            throw new IllegalArgumentException("an error message must say something");
        }
    }

    /** An error with nothing more to show than its sentence. */
    public static UserError of(String message) {
        return new UserError(message, "");
    }

    /**
     * The error a failure stands for. Loupe's own exceptions already carry a sentence for the user; anything
     * else is a bug or an environment problem, said plainly, with the technical message in the details.
     *
     * @param doing what the user asked for, as a verb phrase: "send the message", "load the model"
     */
    public static UserError from(Throwable failure, String doing) {
        String message;
        if (failure instanceof LoupeException && failure.getMessage() != null && !failure.getMessage().isBlank()) {
            message = failure.getMessage();
        } else {
            message = "Loupe could not " + doing + " because of an unexpected error (" + failure.getClass().getSimpleName()
                    + "); the details say more.";
        }
        return new UserError(message, details(failure));
    }

    /** The chain of causes, each with its type, message and stack, as the details dialog shows them. */
    static String details(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            text.append(t == failure ? "" : "Caused by: ").append(t).append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                text.append("    at ").append(frame).append('\n');
            }
        }
        return text.toString();
    }

    public boolean hasDetails() {
        return !details.isBlank();
    }
}
