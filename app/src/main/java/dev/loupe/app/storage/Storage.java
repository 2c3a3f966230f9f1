package dev.loupe.app.storage;

import dev.loupe.app.AppPaths;
import dev.loupe.app.storage.ask.H2AskAnswerStore;
import dev.loupe.app.storage.conversation.ConversationStore;
import dev.loupe.app.storage.conversation.H2ConversationStore;
import dev.loupe.app.storage.preset.BuiltinPresets;
import dev.loupe.app.storage.preset.H2PresetStore;
import dev.loupe.app.storage.preset.PresetStore;
import dev.loupe.app.storage.prompt.H2SystemPromptStore;
import dev.loupe.app.storage.prompt.SystemPromptStore;
import dev.loupe.app.storage.run.H2RunLog;
import dev.loupe.app.storage.run.RunLog;
import dev.loupe.app.storage.settings.H2SettingsStore;
import dev.loupe.app.storage.settings.SettingsStore;
import dev.loupe.app.storage.trace.H2TraceStore;
import dev.loupe.app.storage.trace.TraceStore;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Loupe remembers, opened once at startup by the composition root and closed at exit:
 * <pre>
 * try (Storage storage = Storage.open(AppPaths.fromEnvironment())) {
 *     storage.conversations().list(); ...
 * } catch (NewerSchemaException | CorruptDatabaseException | DatabaseInUseException e) { ...tell the user... }
 * </pre>
 * Opening migrates the database, installs the built-in presets and marks replies that a crash cut off while
 * streaming as interrupted. Thread-safe: every store may be used from any thread, never the JavaFX one.
 */
public final class Storage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Storage.class);

    private final Database database;
    private final ConversationStore conversations;
    private final PresetStore presets;
    private final SystemPromptStore systemPrompts;
    private final SettingsStore settings;
    private final RunLog runs;
    private final TraceStore traces;
    private final H2AskAnswerStore askAnswers;

    private Storage(Database database, Clock clock) {
        this.database = database;
        this.conversations = new H2ConversationStore(database, clock);
        this.presets = new H2PresetStore(database, clock);
        this.systemPrompts = new H2SystemPromptStore(database, clock);
        this.settings = new H2SettingsStore(database, clock);
        this.runs = new H2RunLog(database);
        this.traces = new H2TraceStore(database);
        this.askAnswers = new H2AskAnswerStore(database);
    }

    /**
     * Opens the database under {@link AppPaths#database()}.
     *
     * @throws NewerSchemaException when a newer Loupe wrote the database (the file is untouched)
     * @throws CorruptDatabaseException when the file is damaged (a copy was saved; see {@link #startFresh})
     * @throws DatabaseInUseException when another Loupe process has it open
     * @throws StorageException for anything else that keeps it from opening
     */
    public static Storage open(AppPaths paths) {
        return prepare(Database.open(paths.database()), Clock.systemUTC());
    }

    /** After a {@link CorruptDatabaseException}, when the user chose to: moves the damaged file aside and starts empty. */
    public static Storage startFresh(CorruptDatabaseException corrupt) {
        return prepare(Database.startFresh(corrupt), Clock.systemUTC());
    }

    /** Wraps an open database: installs the built-in presets and marks cut-off replies. Closes it on failure. */
    static Storage prepare(Database database, Clock clock) {
        Objects.requireNonNull(database, "database");
        try {
            Storage storage = new Storage(database, clock);
            storage.presets.seedBuiltins(BuiltinPresets.load());
            int interrupted = storage.conversations.markStreamingInterrupted();
            if (interrupted > 0) {
                log.info("Marked {} replies cut off while streaming as interrupted", interrupted);
            }
            return storage;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public ConversationStore conversations() {
        return conversations;
    }

    public PresetStore presets() {
        return presets;
    }

    public SystemPromptStore systemPrompts() {
        return systemPrompts;
    }

    public SettingsStore settings() {
        return settings;
    }

    public RunLog runs() {
        return runs;
    }

    /** What each Ask answer was made from: its sources, retrieved passages and prompt. */
    public H2AskAnswerStore askAnswers() {
        return askAnswers;
    }

    /** Agent runs with their steps. */
    public TraceStore traces() {
        return traces;
    }

    /** Closes the database; every store stops working. Idempotent. */
    @Override
    public void close() {
        database.close();
    }
}
