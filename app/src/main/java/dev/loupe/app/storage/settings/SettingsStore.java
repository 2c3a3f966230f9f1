package dev.loupe.app.storage.settings;

/**
 * The app's own settings as typed values ({@link SettingKeys}). Reading never fails for the user: a missing
 * value, or one that no longer fits its key's type, reads as the key's default.
 *
 * <p>Implementations are thread-safe and block on disk I/O, so call them off the JavaFX thread.
 */
public interface SettingsStore {

    /** The saved value, or the key's default when none is saved or the saved one cannot be read. */
    <T> T get(SettingKey<T> key);

    /** Saves a value; it is on disk when this returns. */
    <T> void set(SettingKey<T> key, T value);

    /** Forgets the saved value, so {@link #get} returns the default again. */
    void reset(SettingKey<?> key);
}
