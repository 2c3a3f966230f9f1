package dev.loupe.ui.engine;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.shell.LoupeStyles;
import java.time.Duration;
import java.time.Instant;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The status bar: the loaded model and its memory, what the engine does (loading with progress and elapsed
 * time, generating with live tok/s), and the last error as one sentence with its details a click away.
 */
public final class StatusBarView extends HBox {
    public static final String MODEL_ID = "status-model";
    public static final String ACTIVITY_ID = "status-activity";
    public static final String ERROR_ID = "status-error";
    public static final String API_ID = "status-api";

    private final Timeline clock;
    private Instant loadingSince;

    public StatusBarView(EngineViewModel engine, DialogService dialogs) {
        getStyleClass().add(LoupeStyles.STATUS_BAR);

        Label model = new Label();
        model.setId(MODEL_ID);
        model.getStyleClass().add(LoupeStyles.STATUS_MODEL);
        model.textProperty().bind(engine.modelLabelProperty());
        Label memory = new Label();
        memory.getStyleClass().add(Styles.TEXT_MUTED);
        memory.textProperty().bind(engine.memoryLabelProperty());
        memory.setTooltip(new Tooltip("Memory the model needs at its full context: its weights plus the KV cache."));

        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(engine.progressProperty());
        progress.visibleProperty().bind(engine.stateProperty().isEqualTo(EngineState.LOADING));
        progress.managedProperty().bind(progress.visibleProperty());
        Label activity = new Label();
        activity.setId(ACTIVITY_ID);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label error = new Label();
        error.setId(ERROR_ID);
        error.getStyleClass().add(LoupeStyles.STATUS_ERROR);
        error.setMinWidth(0);
        Button details = new Button("Details");
        details.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        details.setOnAction(e -> {
            UserError value = engine.errorProperty().get();
            if (value != null) {
                dialogs.showError(value);
            }
        });
        Button dismiss = new Button("Dismiss");
        dismiss.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        dismiss.setOnAction(e -> engine.dismissError());

        getChildren().addAll(model, memory, new Separator(Orientation.VERTICAL), progress, activity, spacer, error, details, dismiss);

        clock = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> showActivity(engine, activity)));
        clock.setCycleCount(Timeline.INDEFINITE);
        engine.activityProperty().addListener(o -> showActivity(engine, activity));
        engine.stateProperty().addListener((obs, old, now) -> {
            if (now == EngineState.LOADING) {
                loadingSince = Instant.now();
                clock.play();
            } else {
                loadingSince = null;
                clock.stop();
            }
            showActivity(engine, activity);
        });
        Runnable showError = () -> {
            UserError value = engine.errorProperty().get();
            error.setText(value == null ? "" : value.message());
            error.setTooltip(value == null ? null : new Tooltip(value.message()));
            details.setVisible(value != null && value.hasDetails());
            dismiss.setVisible(value != null);
            details.setManaged(details.isVisible());
            dismiss.setManaged(dismiss.isVisible());
        };
        engine.errorProperty().addListener(o -> showError.run());
        showError.run();
        if (engine.stateProperty().get() == EngineState.LOADING) {
            loadingSince = Instant.now();
            clock.play();
        }
        showActivity(engine, activity);
    }

    /**
     * Adds the API server's status line ("API on http://127.0.0.1:8080"), shown while it is not empty; a click on
     * it runs {@code open}, e.g. opens the Settings window.
     */
    public void showApiServer(ObservableStringValue line, Runnable open) {
        Hyperlink api = new Hyperlink();
        api.setId(API_ID);
        api.textProperty().bind(line);
        api.visibleProperty().bind(Bindings.isNotEmpty(line));
        api.managedProperty().bind(api.visibleProperty());
        api.setTooltip(new Tooltip("The local API server serves the loaded model; click for its settings."));
        api.setOnAction(e -> open.run());
        int errorAt = 0;
        while (errorAt < getChildren().size() && !ERROR_ID.equals(getChildren().get(errorAt).getId())) {
            errorAt++;
        }
        getChildren().add(errorAt, api);
    }

    private void showActivity(EngineViewModel engine, Label activity) {
        String text = engine.activityProperty().get();
        if (loadingSince != null) {
            text += " " + Figures.elapsed(Duration.between(loadingSince, Instant.now()));
        }
        activity.setText(text);
    }
}
