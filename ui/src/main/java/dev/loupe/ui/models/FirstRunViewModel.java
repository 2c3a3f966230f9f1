package dev.loupe.ui.models;

import dev.loupe.ui.engine.EngineViewModel;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * The first-run screen, shown instead of a workspace when the app starts with no model to load (an installation
 * built without a bundled model, an empty models folder): it offers to open a model folder, to import a llama2.c
 * checkpoint, or to read how to get models. It goes away as soon as a model is loaded, or when the user skips it.
 * UI thread only; the work itself is the models workspace's.
 */
public final class FirstRunViewModel {
    private final ModelsViewModel models;
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(this, "showing", false);
    private final ReadOnlyBooleanWrapper helpShown = new ReadOnlyBooleanWrapper(this, "helpShown", false);

    public FirstRunViewModel(ModelsViewModel models, EngineViewModel engine) {
        this.models = Objects.requireNonNull(models, "models");
        engine.modelProperty().addListener((obs, old, now) -> {
            if (now != null) {
                showing.set(false);
            }
        });
    }

    /** Shows the screen; the launcher calls it when there is no model to start with. */
    public void show() {
        showing.set(true);
    }

    /** Hides the screen without a model: the workspaces are still there, and the Models workspace can load one later. */
    public void skip() {
        showing.set(false);
    }

    /** Asks for a model folder and loads it. */
    public void openFolder() {
        models.openFolder();
    }

    /** Asks for a llama2.c checkpoint and its tokenizer, converts them into the models folder and loads the result. */
    public void importCheckpoint() {
        models.importLlama2c(true);
    }

    /** Shows or hides the offline help on where models come from. */
    public void toggleHelp() {
        helpShown.set(!helpShown.get());
    }

    public ModelsViewModel models() {
        return models;
    }

    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty helpShownProperty() {
        return helpShown.getReadOnlyProperty();
    }
}
