package dev.loupe.ui.runs;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.sampling.SamplerSettings;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.shell.LoupeStyles;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The runs workspace: filters, the table of runs, and charts of tok/s and time to first token over time and per
 * model. Double-clicking a chat run opens its answer.
 */
public final class RunsView extends BorderPane {
    public static final String TABLE = "runs-table";
    public static final String SEARCH = "runs-search";
    public static final String SUMMARY = "runs-summary";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter AXIS = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    public RunsView(RunsViewModel runs, DialogService dialogs) {
        Label title = new Label("Runs");
        title.getStyleClass().add(Styles.TITLE_3);
        Label summary = new Label();
        summary.setId(SUMMARY);
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(runs.summaryProperty());
        HBox header = new HBox(10, title, summary);
        header.getStyleClass().add(LoupeStyles.WORKSPACE_HEADER);

        TextField search = new TextField();
        search.setId(SEARCH);
        search.setPromptText("Search model, prompt, error");
        search.setPrefColumnCount(18);
        search.textProperty().bindBidirectional(runs.searchProperty());
        ComboBox<RunOrigin> origin = new ComboBox<>();
        origin.getItems().add(null);
        origin.getItems().addAll(RunOrigin.values());
        origin.setConverter(labels("Any source", RunOrigin::label));
        origin.valueProperty().bindBidirectional(runs.originProperty());
        origin.setTooltip(new Tooltip("Only runs from this part of Loupe."));
        ComboBox<String> model = new ComboBox<>();
        model.setConverter(labels("Any model", Function.identity()));
        Runnable fillModels = () -> {
            String chosen = runs.modelProperty().get();
            List<String> items = new ArrayList<>();
            items.add(null);
            items.addAll(runs.models());
            model.getItems().setAll(items);
            model.setValue(chosen);
        };
        runs.models().addListener((ListChangeListener<String>) c -> fillModels.run());
        fillModels.run();
        model.valueProperty().addListener((obs, old, now) -> runs.modelProperty().set(now));
        model.setTooltip(new Tooltip("Only runs of this model."));
        ComboBox<RunsViewModel.Period> period = new ComboBox<>(FXCollections.observableArrayList(RunsViewModel.Period.values()));
        period.valueProperty().bindBidirectional(runs.periodProperty());
        Button refresh = new Button("Refresh");
        refresh.getStyleClass().add(Styles.FLAT);
        refresh.setOnAction(e -> runs.refresh());
        Button csv = new Button("Export CSV…");
        csv.setOnAction(e -> runs.export(RunsViewModel.ExportFormat.CSV));
        Button json = new Button("Export JSON…");
        json.setOnAction(e -> runs.export(RunsViewModel.ExportFormat.JSON));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(search, origin, model, period, refresh, spacer, csv, json);
        toolbar.getStyleClass().add(LoupeStyles.TOOLBAR);
        ErrorBar error = new ErrorBar(runs.errorProperty(), runs::dismissError, dialogs);
        VBox.setMargin(error, new Insets(0, 20, 8, 20));
        setTop(new VBox(header, toolbar, error));

        TableView<RunEntry> table = table(runs);
        SplitPane split = new SplitPane(table, charts(runs));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        BorderPane.setMargin(split, new Insets(0, 20, 16, 20));
        setCenter(split);
    }

    private static TableView<RunEntry> table(RunsViewModel runs) {
        TableView<RunEntry> table = new TableView<>(runs.rows());
        table.setId(TABLE);
        table.setPlaceholder(new Label("No runs yet: every generation in Chat is recorded here."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Time", 125, e -> WHEN.format(e.run().startedAt())));
        table.getColumns().add(column("Source", 70, e -> e.run().origin().label()));
        table.getColumns().add(column("Model", 110, e -> e.run().modelId()));
        table.getColumns().add(column("Settings", 240, e -> settings(e.run().settings(), e.run().seed())));
        table.getColumns().add(tip(column("In", 60, e -> Integer.toString(e.run().promptTokens())), "Prompt tokens"));
        table.getColumns().add(tip(column("Out", 60, e -> Integer.toString(e.run().generatedTokens())), "Generated tokens"));
        table.getColumns().add(tip(column("TTFT", 85, e -> e.run().generatedTokens() == 0 ? "" : Figures.millis(e.run().ttftMillis())), "Time to first token"));
        table.getColumns().add(column("Speed", 85, e -> e.run().generatedTokens() == 0 ? "" : Figures.tokensPerSecond(e.run().tokensPerSecond())));
        table.getColumns().add(column("Finish", 105, e -> e.run().finishReason().map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', ' ')).orElse("failed")));
        table.getColumns().add(column("Error / prompt", 240, e -> e.run().error().orElse(e.run().prompt())));
        table.setRowFactory(v -> {
            TableRow<RunEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null) {
                    runs.open(row.getItem());
                }
            });
            row.itemProperty().addListener((obs, old, now) -> row.setTooltip(now == null ? null
                    : new Tooltip(now.run().messageId().isPresent() ? "Double-click to open this answer in Chat." : now.run().prompt())));
            return row;
        });
        return table;
    }

    static String settings(SamplerSettings s, long seed) {
        List<String> parts = new ArrayList<>();
        parts.add("T " + Figures.setting(s.temperature()));
        if (s.topK() > 0) {
            parts.add("top-k " + s.topK());
        }
        if (s.topP() < 1) {
            parts.add("top-p " + Figures.setting(s.topP()));
        }
        if (s.minP() > 0) {
            parts.add("min-p " + Figures.setting(s.minP()));
        }
        if (s.typicalP() < 1) {
            parts.add("typ-p " + Figures.setting(s.typicalP()));
        }
        if (s.repetitionPenalty() != 1) {
            parts.add("rep " + Figures.setting(s.repetitionPenalty()));
        }
        if (s.frequencyPenalty() != 0) {
            parts.add("freq " + Figures.setting(s.frequencyPenalty()));
        }
        if (s.presencePenalty() != 0) {
            parts.add("pres " + Figures.setting(s.presencePenalty()));
        }
        parts.add("seed " + seed);
        return String.join(" · ", parts);
    }

    private static HBox charts(RunsViewModel runs) {
        LineChart<Number, Number> speed = timeChart("Decoding speed over time", "tok/s");
        LineChart<Number, Number> ttft = timeChart("Time to first token over time", "ms");
        CategoryAxis models = new CategoryAxis();
        NumberAxis average = new NumberAxis();
        average.setLabel("mean tok/s");
        BarChart<String, Number> perModel = new BarChart<>(models, average);
        perModel.setTitle("Mean speed per model");
        perModel.setLegendVisible(false);
        perModel.setAnimated(false);
        perModel.setCategoryGap(60);
        perModel.getStyleClass().add(LoupeStyles.CHART);
        Runnable update = () -> {
            speed.setData(series(runs.speedSeries()));
            ttft.setData(series(runs.ttftSeries()));
            XYChart.Series<String, Number> bars = new XYChart.Series<>();
            for (RunsViewModel.ModelAverage a : runs.averages()) {
                bars.getData().add(new XYChart.Data<>(a.modelId(), a.tokensPerSecond()));
            }
            perModel.setData(FXCollections.observableArrayList(List.of(bars)));
        };
        runs.speedSeries().addListener((ListChangeListener<RunsViewModel.ModelSeries>) c -> update.run());
        runs.averages().addListener((ListChangeListener<RunsViewModel.ModelAverage>) c -> update.run());
        update.run();
        HBox box = new HBox(8, speed, ttft, perModel);
        box.setAlignment(Pos.CENTER);
        for (var chart : List.of(speed, ttft, perModel)) {
            HBox.setHgrow(chart, Priority.ALWAYS);
            chart.setMinWidth(200);
        }
        return box;
    }

    private static LineChart<Number, Number> timeChart(String title, String unit) {
        NumberAxis time = new NumberAxis();
        time.setForceZeroInRange(false);
        time.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return AXIS.format(Instant.ofEpochSecond(seconds.longValue()));
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException("the axis is not edited");
            }
        });
        NumberAxis value = new NumberAxis();
        value.setLabel(unit);
        LineChart<Number, Number> chart = new LineChart<>(time, value);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.getStyleClass().add(LoupeStyles.CHART);
        return chart;
    }

    private static ObservableList<XYChart.Series<Number, Number>> series(List<RunsViewModel.ModelSeries> all) {
        ObservableList<XYChart.Series<Number, Number>> result = FXCollections.observableArrayList();
        for (RunsViewModel.ModelSeries s : all) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(s.modelId());
            for (RunsViewModel.Point p : s.points()) {
                series.getData().add(new XYChart.Data<>(p.at().toEpochMilli() / 1000.0, p.value()));
            }
            result.add(series);
        }
        return result;
    }

    private static <T> StringConverter<T> labels(String none, Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? none : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("the combo box is not editable");
            }
        };
    }

    private static TableColumn<RunEntry, String> tip(TableColumn<RunEntry, String> column, String text) {
        Label header = new Label(column.getText());
        header.setTooltip(new Tooltip(text));
        column.setText("");
        column.setGraphic(header);
        return column;
    }

    private static TableColumn<RunEntry, String> column(String title, double width, Function<RunEntry, String> value) {
        TableColumn<RunEntry, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
