package dev.loupe.inference.chat;

import java.util.List;

/**
 * Finds stop strings in streamed text, across token boundaries. Text that could still be the start of a stop
 * string is held back; once a stop string is complete, it and everything after it is dropped. Not thread-safe:
 * one per generation.
 */
public final class StopStringFilter {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder released = new StringBuilder();
    private boolean stopped;

    public StopStringFilter(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /**
     * Adds streamed text and returns what is now safe to show. After a stop string completed, returns the text
     * before it (if any) and {@link #stopped()} turns true; later calls return "".
     */
    public String accept(String delta) {
        if (stopped || delta.isEmpty()) {
            return "";
        }
        pending.append(delta);
        int cut = earliestMatch();
        String safe;
        if (cut >= 0) {
            stopped = true;
            safe = pending.substring(0, cut);
            pending.setLength(0);
        } else {
            int keep = longestPartialSuffix();
            safe = pending.substring(0, pending.length() - keep);
            pending.delete(0, pending.length() - keep);
        }
        released.append(safe);
        return safe;
    }

    /** Releases held-back text at the end of a generation that did not stop on a stop string. */
    public String flush() {
        if (stopped) {
            return "";
        }
        String rest = pending.toString();
        pending.setLength(0);
        released.append(rest);
        return rest;
    }

    public boolean stopped() {
        return stopped;
    }

    /** All text released so far. */
    public String text() {
        return released.toString();
    }

    private int earliestMatch() {
        int best = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    private int longestPartialSuffix() {
        int best = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, pending.length()); len > best; len--) {
                if (CharSequence.compare(pending.subSequence(pending.length() - len, pending.length()), stop.substring(0, len)) == 0) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
