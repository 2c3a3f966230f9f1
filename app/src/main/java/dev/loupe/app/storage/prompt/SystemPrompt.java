package dev.loupe.app.storage.prompt;

import java.time.Instant;
import java.util.Objects;

/**
 * A named system prompt the user keeps for reuse.
 *
 * @param name unique among system prompts, ignoring case; at most {@value #MAX_NAME_CHARS} characters
 * @param text the prompt
 * @param updatedAt when it was last saved
 */
public record SystemPrompt(String name, String text, Instant updatedAt) {
    public static final int MAX_NAME_CHARS = 200;

    public SystemPrompt {
        name = checkName(name);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a system prompt name must not be blank");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME_CHARS) {
            throw new IllegalArgumentException("a system prompt name has at most " + MAX_NAME_CHARS + " characters, got " + stripped.length());
        }
        return stripped;
    }
}
