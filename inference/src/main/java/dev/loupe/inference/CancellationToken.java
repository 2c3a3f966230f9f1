package dev.loupe.inference;

/**
 * Lets one thread stop work running on another. The decode loop checks it before every token, so a cancelled
 * generation ends within one token and returns what it had. Thread-safe.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    /** A token that is never cancelled, for callers that do not need to stop work. */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
