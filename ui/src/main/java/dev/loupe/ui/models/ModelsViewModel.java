package dev.loupe.ui.models;

import dev.loupe.inference.model.ModelCatalog;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.task.TaskRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models workspace: the folders of the models folder with the figures of {@code ./loupe models}, loading and
 * unloading, opening a folder from elsewhere, importing a llama2.c checkpoint and quantizing to Q4. UI thread
 * only; folder work runs on the files lane, loading through the {@link EngineViewModel}.
 */
public final class ModelsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsViewModel.class);

    private final TaskRunner runner;
    private final ModelLibrary library;
    private final EngineViewModel engine;
    private final DialogService dialogs;
    private final Clock clock;
    private final ObservableList<ModelRow> rows = FXCollections.observableArrayList();
    /** The read-only view handed out; kept, since a view created per call would drop its listeners when collected. */
    private final ObservableList<ModelRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final ReadOnlyStringWrapper task = new ReadOnlyStringWrapper(this, "task", "");
    private final ReadOnlyObjectWrapper<Instant> taskStartedAt = new ReadOnlyObjectWrapper<>(this, "taskStartedAt");
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private List<ModelCatalog.Entry> entries = List.of();

    public ModelsViewModel(TaskRunner runner, ModelLibrary library, EngineViewModel engine, DialogService dialogs, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.library = Objects.requireNonNull(library, "library");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.clock = Objects.requireNonNull(clock, "clock");
        engine.modelProperty().addListener(o -> showRows());
    }

    /** Lists the models folder again. */
    public void refresh() {
        runner.submit(TaskRunner.Lane.FILES, library::list, list -> {
            entries = list;
            showRows();
        }, failure -> fail(failure, "list the models folder"));
    }

    /** Loads a listed model; the status bar shows the load. */
    public void load(ModelRow row) {
        if (row.problem().isPresent()) {
            error.set(UserError.of(row.problem().get()));
            return;
        }
        error.set(null);
        engine.load(row.dir());
    }

    public void unload() {
        engine.unload();
    }

    /** Asks for a model folder anywhere on disk, checks it and loads it. */
    public void openFolder() {
        dialogs.chooseFolder("Open a model folder").ifPresent(dir -> {
            error.set(null);
            runner.submit(TaskRunner.Lane.FILES, () -> library.inspect(dir), info -> engine.load(dir),
                    failure -> fail(failure, "open the model folder " + dir));
        });
    }

    /** Asks for a llama2.c checkpoint, its tokenizer and a name, and converts them into a model folder. */
    public void importLlama2c() {
        importLlama2c(false);
    }

    /**
     * As {@link #importLlama2c()}; with {@code loadWhenDone} the new model is also loaded once converted (the first-run
     * screen does so, since the user has no other model yet).
     */
    public void importLlama2c(boolean loadWhenDone) {
        var binary = List.of(DialogService.FileType.of("llama2.c files", "bin"));
        dialogs.chooseFileToOpen("Choose the llama2.c checkpoint (e.g. stories15M.bin)", binary).ifPresent(checkpoint ->
                dialogs.chooseFileToOpen("Choose its tokenizer (e.g. tokenizer.bin or tok512.bin)", binary).ifPresent(tokenizer -> {
                    String suggested = checkpoint.getFileName().toString().replaceFirst("\\.bin$", "");
                    dialogs.askText("Import llama2.c checkpoint", "Name of the new model folder:", suggested)
                            .map(String::strip).filter(name -> !name.isEmpty())
                            .ifPresent(name -> runTask("Importing " + checkpoint.getFileName() + " as " + name + "…",
                                    () -> library.importLlama2c(checkpoint, tokenizer, name), "import the checkpoint",
                                    created -> {
                                        if (loadWhenDone) {
                                            engine.load(created);
                                        }
                                    }));
                }));
    }

    /** Writes a Q4 copy of a listed model next to it. */
    public void quantize(ModelRow row) {
        if (!row.usable()) {
            error.set(UserError.of(row.problem().orElse("This folder is not a usable model.")));
            return;
        }
        runTask("Quantizing " + row.name() + " to Q4…", () -> library.quantizeQ4(row.dir()), "quantize " + row.name(), created -> {});
    }

    /** Hides the error. */
    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            state.set(EngineState.IDLE);
        }
    }

    private void runTask(String label, Callable<Path> work, String doing, Consumer<Path> then) {
        if (state.get() == EngineState.LOADING) {
            error.set(UserError.of("Wait for “" + task.get() + "” to finish first."));
            return;
        }
        error.set(null);
        task.set(label);
        taskStartedAt.set(clock.instant());
        state.set(EngineState.LOADING);
        Consumer<Path> done = created -> {
            task.set("");
            taskStartedAt.set(null);
            state.set(EngineState.IDLE);
            refresh();
            then.accept(created);
        };
        runner.submit(TaskRunner.Lane.FILES, work, done, failure -> {
            task.set("");
            taskStartedAt.set(null);
            fail(failure, doing);
            refresh();
        });
    }

    private void showRows() {
        ModelInfo loaded = engine.modelProperty().get();
        rows.setAll(entries.stream().map(e -> new ModelRow(e.dir(), e.info(), e.problem(),
                loaded != null && e.dir().toAbsolutePath().normalize().equals(loaded.dir().toAbsolutePath().normalize()))).toList());
    }

    private void fail(Throwable failure, String doing) {
        LOG.warn("Could not {}", doing, failure);
        error.set(UserError.from(failure, doing));
        state.set(EngineState.ERROR);
    }

    public Path folder() {
        return library.folder();
    }

    public ObservableList<ModelRow> rows() {
        return rowsView;
    }

    /** LOADING while an import or quantization runs. */
    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** What the running import or quantization does; empty when none runs. */
    public ReadOnlyStringProperty taskProperty() {
        return task.getReadOnlyProperty();
    }

    /** When the running task started, for its elapsed time; null when none runs. */
    public ReadOnlyObjectProperty<Instant> taskStartedAtProperty() {
        return taskStartedAt.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }
}
