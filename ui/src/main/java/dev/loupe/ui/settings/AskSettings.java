package dev.loupe.ui.settings;

import dev.loupe.rag.answer.AskMode;
import java.util.List;
import java.util.Objects;

/**
 * The chat's Ask choices, remembered between starts: whether the composer asks the documents instead of chatting,
 * which collections, how many passages and how they are retrieved.
 *
 * @param enabled Ask mode is on
 * @param collections the collections to search, by name; may be empty until the user picks one
 * @param k passages to retrieve, {@link #MIN_K} to {@link #MAX_K}
 * @param mode plain retrieval or HyDE
 */
public record AskSettings(boolean enabled, List<String> collections, int k, AskMode mode) {
    public static final int MIN_K = 1;
    public static final int MAX_K = 20;
    public static final AskSettings DEFAULTS = new AskSettings(false, List.of(), 5, AskMode.PLAIN);

    public AskSettings {
        collections = List.copyOf(collections);
        Objects.requireNonNull(mode, "mode");
        if (k < MIN_K || k > MAX_K) {
            throw new IllegalArgumentException("Retrieve between " + MIN_K + " and " + MAX_K + " passages, got " + k + ".");
        }
    }
}
