package dev.loupe.app.storage.preset;

import dev.loupe.inference.sampling.SamplerSettings;
import java.util.List;
import java.util.Optional;

/**
 * Sampler presets: the built-in ones shipped with Loupe, which nobody can change, and the user's own.
 * Names are unique ignoring case. A user who wants to change a built-in preset {@link #copy copies} it.
 *
 * <p>Every method is one transaction. Implementations are thread-safe and block on disk I/O, so call them off
 * the JavaFX thread. Refusals the user can cause (a built-in name, a name taken) are
 * {@link dev.loupe.app.storage.StorageException}s with a message to show.
 */
public interface PresetStore {

    /** The built-ins in shipped order, then the user's presets by name. */
    List<Preset> list();

    /** A preset by name, ignoring case. */
    Optional<Preset> find(String name);

    /**
     * Creates a user preset, or replaces the user preset of that name (ignoring case).
     *
     * @throws dev.loupe.app.storage.StorageException when a built-in preset has that name
     */
    Preset save(String name, String description, SamplerSettings settings);

    /**
     * Copies any preset, built-in or not, to a new user preset.
     *
     * @throws dev.loupe.app.storage.StorageException when {@code newName} is taken or {@code source} does not exist
     */
    Preset copy(String source, String newName);

    /**
     * @throws dev.loupe.app.storage.StorageException when the preset is built in or {@code newName} is taken
     */
    Preset rename(String name, String newName);

    /**
     * Deletes a user preset; deleting one that does not exist does nothing.
     *
     * @throws dev.loupe.app.storage.StorageException when the preset is built in
     */
    void delete(String name);

    /**
     * Writes the shipped presets: adds missing ones and resets changed ones to the shipped settings. Called once
     * at every start, so that built-ins follow the installed Loupe. A user preset that already has a new
     * built-in's name is kept, and that built-in is skipped.
     *
     * @param builtins in shipped order, each with {@link Preset#builtin()} set
     */
    void seedBuiltins(List<Preset> builtins);
}
