package dev.loupe.ui.chat;

import java.util.Objects;

/** A system prompt the user saved under a name. */
public record NamedPrompt(String name, String text) {
    public NamedPrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return name;
    }
}
