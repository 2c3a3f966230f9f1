package dev.loupe.app.desktop;

import dev.loupe.app.storage.prompt.SystemPrompt;
import dev.loupe.app.storage.prompt.SystemPromptStore;
import dev.loupe.ui.chat.NamedPrompt;
import dev.loupe.ui.chat.SystemPromptRepository;
import java.util.List;
import java.util.Objects;

/** The chat panel's saved system prompts over the H2 {@link SystemPromptStore}. */
public final class StoredSystemPrompts implements SystemPromptRepository {
    private final SystemPromptStore prompts;

    public StoredSystemPrompts(SystemPromptStore prompts) {
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    @Override
    public List<NamedPrompt> list() {
        return prompts.list().stream().map(StoredSystemPrompts::prompt).toList();
    }

    @Override
    public NamedPrompt save(String name, String text) {
        return prompt(prompts.save(name, text));
    }

    private static NamedPrompt prompt(SystemPrompt prompt) {
        return new NamedPrompt(prompt.name(), prompt.text());
    }
}
