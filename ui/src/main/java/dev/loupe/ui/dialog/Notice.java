package dev.loupe.ui.dialog;

import java.util.Objects;

/**
 * A short message with one action, shown until the user acts or it is replaced: "Deleted “Trip”. Undo".
 *
 * @param message one sentence
 * @param actionLabel the button's text
 * @param action what the button does, on the UI thread
 */
public record Notice(String message, String actionLabel, Runnable action) {
    public Notice {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(actionLabel, "actionLabel");
        Objects.requireNonNull(action, "action");
    }
}
