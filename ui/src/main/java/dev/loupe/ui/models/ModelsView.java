package dev.loupe.ui.models;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.shell.LoupeStyles;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The models workspace: the models folder as a table with the figures of {@code ./loupe models}, and its actions. */
public final class ModelsView extends BorderPane {
    public static final String TABLE = "models-table";
    public static final String LOAD = "load-model";
    public static final String UNLOAD = "unload-model";
    public static final String QUANTIZE = "quantize-model";
    public static final String OPEN_FOLDER = "open-model-folder";
    public static final String IMPORT = "import-llama2c";

    public ModelsView(ModelsViewModel models, EngineViewModel engine, DialogService dialogs) {
        Label title = new Label("Models");
        title.getStyleClass().add(Styles.TITLE_3);
        Label folder = new Label("in " + models.folder());
        folder.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(10, title, folder);
        header.getStyleClass().add(LoupeStyles.WORKSPACE_HEADER);

        TableView<ModelRow> table = new TableView<>(models.rows());
        table.setId(TABLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No models in " + models.folder() + ". Import a llama2.c checkpoint or open a model folder."));
        table.getColumns().add(column("Name", 170, row -> row.name() + (row.loaded() ? "  ● loaded" : "")));
        table.getColumns().add(column("Architecture", 130, row -> info(row, ModelInfo::architecture)));
        table.getColumns().add(column("Params", 80, row -> info(row, m -> Figures.count(m.parameterCount()))));
        table.getColumns().add(column("Dtype", 60, row -> info(row, ModelInfo::weightDtype)));
        table.getColumns().add(column("Disk", 80, row -> info(row, m -> Figures.bytes(m.sizeOnDiskBytes()))));
        table.getColumns().add(column("Context", 70, row -> info(row, m -> Integer.toString(m.contextTokens()))));
        table.getColumns().add(column("RAM (full)", 90, row -> info(row, m -> Figures.bytes(m.ramEstimateBytes()))));
        table.getColumns().add(column("KV cache", 260, row -> row.info()
                .map(m -> Figures.bytes(m.kvCacheBytesAtFullContext()) + " (" + m.layers() + " layers × " + m.kvHeads()
                        + " kv heads × " + m.headDim() + ")")
                .orElse("unusable: " + row.problem().orElse("?"))));
        table.setRowFactory(v -> {
            TableRow<ModelRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) {
                    models.load(row.getItem());
                }
            });
            return row;
        });

        Button load = new Button("Load");
        load.setId(LOAD);
        load.getStyleClass().add(Styles.ACCENT);
        load.setTooltip(new Tooltip("Load the selected model; chats use it from the next message (double-click works too)."));
        load.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(engine.stateProperty().isEqualTo(EngineState.LOADING))
                .or(engine.stateProperty().isEqualTo(EngineState.GENERATING)));
        load.setOnAction(e -> models.load(table.getSelectionModel().getSelectedItem()));
        Button unload = new Button("Unload");
        unload.setId(UNLOAD);
        unload.setTooltip(new Tooltip("Close the loaded model and free its memory."));
        unload.disableProperty().bind(engine.modelProperty().isNull());
        unload.setOnAction(e -> models.unload());
        Button quantize = new Button("Quantize to Q4");
        quantize.setId(QUANTIZE);
        quantize.setTooltip(new Tooltip("Write a Q4 copy of the selected model next to it, with Jlama's quantizer, offline."));
        quantize.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull()
                .or(models.stateProperty().isEqualTo(EngineState.LOADING)));
        quantize.setOnAction(e -> models.quantize(table.getSelectionModel().getSelectedItem()));
        Button open = new Button("Open folder…");
        open.setId(OPEN_FOLDER);
        open.setTooltip(new Tooltip("Load a model folder from anywhere on disk (config.json, tokenizer.json, *.safetensors)."));
        open.setOnAction(e -> models.openFolder());
        Button importButton = new Button("Import llama2.c…");
        importButton.setId(IMPORT);
        importButton.setTooltip(new Tooltip("Convert a llama2.c checkpoint and its tokenizer into a model folder."));
        importButton.disableProperty().bind(models.stateProperty().isEqualTo(EngineState.LOADING));
        importButton.setOnAction(e -> models.importLlama2c());
        Button refresh = new Button("Refresh");
        refresh.getStyleClass().add(Styles.FLAT);
        refresh.setOnAction(e -> models.refresh());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(load, unload, quantize, spacer, open, importButton, refresh);
        toolbar.getStyleClass().add(LoupeStyles.TOOLBAR);

        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setPrefWidth(160);
        Label task = new Label();
        Label note = new Label("Jlama reports no progress for this step; the bar shows it is running.");
        note.getStyleClass().add(LoupeStyles.HINT);
        HBox taskBar = new HBox(progress, task, note);
        taskBar.getStyleClass().add(LoupeStyles.TASK_BAR);
        taskBar.visibleProperty().bind(models.taskProperty().isNotEmpty());
        taskBar.managedProperty().bind(taskBar.visibleProperty());
        Timeline ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> showTask(models, task)));
        ticker.setCycleCount(Timeline.INDEFINITE);
        models.taskProperty().addListener((obs, old, now) -> {
            showTask(models, task);
            if (now.isEmpty()) {
                ticker.stop();
            } else {
                ticker.play();
            }
        });

        ErrorBar error = new ErrorBar(models.errorProperty(), models::dismissError, dialogs);
        VBox.setMargin(error, new Insets(0, 20, 8, 20));
        VBox top = new VBox(header, toolbar, taskBar, error);
        setTop(top);
        BorderPane.setMargin(table, new Insets(0, 20, 20, 20));
        setCenter(table);
    }

    private static void showTask(ModelsViewModel models, Label task) {
        Instant since = models.taskStartedAtProperty().get();
        task.setText(models.taskProperty().get() + (since == null ? "" : " " + Figures.elapsed(Duration.between(since, Instant.now()))));
    }

    private static String info(ModelRow row, Function<ModelInfo, String> figure) {
        return row.info().map(figure).orElse("");
    }

    private static TableColumn<ModelRow, String> column(String title, double width, Function<ModelRow, String> value) {
        TableColumn<ModelRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> (ObservableValue<String>) new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
