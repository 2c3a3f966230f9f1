package dev.loupe.app.storage.settings;

import java.util.List;

/**
 * The chat's Ask choices as stored under {@link SettingKeys#ASK}.
 *
 * @param enabled Ask mode is on
 * @param collections collection names
 * @param k passages to retrieve
 * @param mode the retrieval mode's constant name, "PLAIN" or "HYDE"
 */
public record AskChoice(boolean enabled, List<String> collections, int k, String mode) {
    public static final AskChoice DEFAULT = new AskChoice(false, List.of(), 5, "PLAIN");

    public AskChoice {
        collections = collections == null ? List.of() : List.copyOf(collections);
        mode = mode == null ? "PLAIN" : mode;
    }
}
