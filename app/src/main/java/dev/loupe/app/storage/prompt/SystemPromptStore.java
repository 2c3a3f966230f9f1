package dev.loupe.app.storage.prompt;

import java.util.List;
import java.util.Optional;

/**
 * The user's named system prompts. Names are unique ignoring case.
 *
 * <p>Every method is one transaction. Implementations are thread-safe and block on disk I/O, so call them off
 * the JavaFX thread.
 */
public interface SystemPromptStore {

    /** All of them, by name ignoring case. */
    List<SystemPrompt> list();

    /** One by name, ignoring case. */
    Optional<SystemPrompt> find(String name);

    /** Creates a prompt, or replaces the text of the one with that name (ignoring case). */
    SystemPrompt save(String name, String text);

    /**
     * @throws dev.loupe.app.storage.StorageException when {@code name} does not exist or {@code newName} is taken
     */
    SystemPrompt rename(String name, String newName);

    /** Deletes a prompt; deleting one that does not exist does nothing. */
    void delete(String name);
}
