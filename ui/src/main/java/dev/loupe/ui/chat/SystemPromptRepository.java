package dev.loupe.ui.chat;

import java.util.List;

/** The user's named system prompts. Blocks on disk I/O; call on the storage lane. */
public interface SystemPromptRepository {

    /** All of them, by name. */
    List<NamedPrompt> list();

    /** Creates a prompt, or replaces the text of the one with that name. */
    NamedPrompt save(String name, String text);
}
