package dev.loupe.ui.engine;

import dev.loupe.inference.TextGenerator;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.task.TaskRunner;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded model and what the engine is doing, for the status bar and every workspace that generates. Owns the
 * one {@link TextGenerator}: loading a model replaces it (the old one is closed once the new one works, so a
 * failed load loses nothing). Workspaces report their generations here so the status bar shows them.
 *
 * <p>UI thread only; the load itself runs on the {@link TaskRunner.Lane#ENGINE} lane.
 */
public final class EngineViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(EngineViewModel.class);

    private final TaskRunner runner;
    private final ModelLoader loader;

    private final ReadOnlyObjectWrapper<EngineState> state = new ReadOnlyObjectWrapper<>(this, "state", EngineState.IDLE);
    private final ReadOnlyObjectWrapper<TextGenerator> generator = new ReadOnlyObjectWrapper<>(this, "generator");
    private final ReadOnlyObjectWrapper<ModelInfo> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyStringWrapper modelLabel = new ReadOnlyStringWrapper(this, "modelLabel", "No model loaded");
    private final ReadOnlyStringWrapper memoryLabel = new ReadOnlyStringWrapper(this, "memoryLabel", "");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "Idle");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyDoubleWrapper tokensPerSecond = new ReadOnlyDoubleWrapper(this, "tokensPerSecond", 0);
    private final ReadOnlyObjectWrapper<UserError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyStringWrapper loadingName = new ReadOnlyStringWrapper(this, "loadingName", "");

    public EngineViewModel(TaskRunner runner, ModelLoader loader) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Loads the model in {@code dir} in the background and makes it the current one when it works; on failure the
     * previous model stays loaded and the error says why.
     */
    public void load(Path dir) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        load(name, () -> dir);
    }

    /**
     * Finds a model folder with {@code locate} (which may take time, such as importing the default model on first
     * start) and loads it, both on the engine lane, showing {@code name} as loading meanwhile.
     */
    public void load(String name, Callable<Path> locate) {
        if (state.get().isBusy()) {
            report(UserError.of("Wait for the current " + (state.get() == EngineState.LOADING ? "load" : "generation")
                    + " to end before loading another model."));
            return;
        }
        error.set(null);
        state.set(EngineState.LOADING);
        loadingName.set(name);
        activity.set("Loading " + name + "…");
        progress.set(-1);
        runner.submit(TaskRunner.Lane.ENGINE, () -> loader.load(locate.call()), loaded -> {
            TextGenerator previous = generator.get();
            model.set(loaded.info());
            generator.set(loaded);
            modelLabel.set(loaded.info().name());
            memoryLabel.set(memoryOf(loaded));
            loadingName.set("");
            progress.set(0);
            activity.set("Idle");
            state.set(EngineState.IDLE);
            if (previous != null) {
                closeLater(previous);
            }
        }, failure -> {
            loadingName.set("");
            progress.set(0);
            LOG.warn("Loading the model {} failed", name, failure);
            fail(UserError.from(failure, "load the model " + name));
        });
    }

    /** Closes the model at exit, after anything queued on the engine lane. */
    public void close() {
        TextGenerator previous = generator.get();
        if (previous != null) {
            generator.set(null);
            model.set(null);
            closeLater(previous);
        }
    }

    /** Closes the current model; generations need a model again afterwards. */
    public void unload() {
        if (state.get().isBusy()) {
            report(UserError.of("Stop the generation before unloading the model."));
            return;
        }
        TextGenerator previous = generator.get();
        if (previous == null) {
            return;
        }
        generator.set(null);
        model.set(null);
        modelLabel.set("No model loaded");
        memoryLabel.set("");
        activity.set("Idle");
        error.set(null);
        state.set(EngineState.IDLE);
        closeLater(previous);
    }

    /** The current model, if one is loaded. */
    public Optional<TextGenerator> current() {
        return Optional.ofNullable(generator.get());
    }

    /** A workspace started generating; the status bar shows it until {@link #generationEnded}. */
    public void generationStarted() {
        error.set(null);
        tokensPerSecond.set(0);
        state.set(EngineState.GENERATING);
        activity.set("Generating…");
    }

    /** The live decoding speed of the running generation. */
    public void generationSpeed(double value) {
        if (state.get() == EngineState.GENERATING) {
            tokensPerSecond.set(value);
            activity.set("Generating · " + Figures.tokensPerSecond(value));
        }
    }

    /** Stop was asked for the running generation. */
    public void generationCancelling() {
        if (state.get() == EngineState.GENERATING) {
            state.set(EngineState.CANCELLING);
            activity.set("Stopping…");
        }
    }

    /** The running generation ended; with an error when it failed. */
    public void generationEnded(Optional<UserError> failure) {
        tokensPerSecond.set(0);
        if (failure.isPresent()) {
            fail(failure.get());
        } else {
            activity.set("Idle");
            state.set(EngineState.IDLE);
        }
    }

    /** Shows an error in the status bar without changing what runs. */
    public void report(UserError value) {
        error.set(value);
    }

    /** Hides the error; the engine is idle again unless something runs. */
    public void dismissError() {
        error.set(null);
        if (state.get() == EngineState.ERROR) {
            activity.set("Idle");
            state.set(EngineState.IDLE);
        }
    }

    private void fail(UserError value) {
        error.set(value);
        activity.set("Error");
        state.set(EngineState.ERROR);
    }

    private void closeLater(TextGenerator old) {
        // On the engine lane, after anything still queued for the old model (a session being closed, say).
        runner.submit(TaskRunner.Lane.ENGINE, () -> {
            old.close();
            return null;
        }, ignored -> {}, failure -> LOG.warn("Closing the model {} failed", old.info().name(), failure));
    }

    private static String memoryOf(TextGenerator generator) {
        ModelInfo info = generator.info();
        long kv = info.kvCacheBytes(generator.contextTokens());
        return Figures.bytes(info.weightBytes() + kv) + " (weights " + Figures.bytes(info.weightBytes())
                + " + KV cache " + Figures.bytes(kv) + " at " + generator.contextTokens() + " tokens)";
    }

    public ReadOnlyObjectProperty<EngineState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TextGenerator> generatorProperty() {
        return generator.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ModelInfo> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelLabelProperty() {
        return modelLabel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryLabelProperty() {
        return memoryLabel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    /** Progress of a load, -1 while it cannot be measured (Jlama reports none). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty tokensPerSecondProperty() {
        return tokensPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The folder name of the model being loaded; empty when none is. */
    public ReadOnlyStringProperty loadingNameProperty() {
        return loadingName.getReadOnlyProperty();
    }
}
