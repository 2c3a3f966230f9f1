package dev.loupe.ui.compare;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.lab.ArenaJudge;
import dev.loupe.inference.lab.RunMetrics;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.format.Figures;
import dev.loupe.ui.shell.LoupeStyles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Compare workspace: saved comparisons on the left; the prompt, the run bar, the columns side by side, the
 * metrics table and the judge in the middle. Ctrl+Enter runs (also from the prompt), Esc stops.
 */
public final class CompareView extends BorderPane {
    public static final String PROMPT = "compare-prompt";
    public static final String RUN = "compare-run";
    public static final String STOP = "compare-stop";
    public static final String ADD = "compare-add";
    public static final String MAX_TOKENS = "compare-max-tokens";
    public static final String LOCK_SEED = "compare-lock-seed";
    public static final String LOCKED_SEED = "compare-locked-seed";
    public static final String PROGRESS = "compare-progress";
    public static final String METRICS = "compare-metrics";
    public static final String JUDGE = "compare-judge";
    public static final String JUDGE_MODEL = "compare-judge-model";
    public static final String CRITERIA = "compare-criteria";
    public static final String VERDICT = "compare-verdict";
    public static final String SAVED = "compare-saved";
    public static final String OPEN = "compare-open";
    public static final String RERUN = "compare-rerun";
    public static final String DELETE = "compare-delete";
    public static final String ANSWER_PREFIX = ColumnCard.ANSWER;
    public static final String TEMPERATURE_PREFIX = ColumnCard.TEMPERATURE;
    public static final String SEND_PREFIX = ColumnCard.SEND;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final CompareViewModel compare;

    public CompareView(CompareViewModel compare, DialogService dialogs) {
        this.compare = compare;
        setLeft(savedPanel());

        Label title = new Label("Compare");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label hint = new Label("Columns on one model share one prefill of the prompt and run in turn. A column on another model "
                + "loads it next to the loaded one, one model at a time, and closes it when its columns are done.");
        hint.getStyleClass().add(LoupeStyles.HINT);
        hint.setWrapText(true);
        HBox.setHgrow(hint, Priority.ALWAYS);
        HBox header = new HBox(12, title, hint);
        header.getStyleClass().add(LoupeStyles.WORKSPACE_HEADER);

        TextArea prompt = new TextArea();
        prompt.setId(PROMPT);
        prompt.setWrapText(true);
        prompt.setPrefRowCount(2);
        prompt.setPromptText("The prompt every column continues. Ctrl+Enter runs them all.");
        prompt.textProperty().bindBidirectional(compare.promptProperty());
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                compare.run();
                e.consume();
            }
        });
        VBox.setMargin(prompt, new Insets(10, 20, 0, 20));

        ErrorBar error = new ErrorBar(compare.errorProperty(), compare::dismissError, dialogs);
        VBox.setMargin(error, new Insets(0, 20, 6, 20));

        HBox columns = new HBox(10);
        columns.setPadding(new Insets(4, 20, 8, 20));
        Runnable fill = () -> columns.getChildren().setAll(compare.columns().stream().map(c -> {
            ColumnCard card = new ColumnCard(compare, c);
            HBox.setHgrow(card, Priority.ALWAYS);
            card.setPrefWidth(100);
            return card;
        }).toList());
        compare.columns().addListener((ListChangeListener<CompareColumnViewModel>) c -> fill.run());
        fill.run();
        VBox.setVgrow(columns, Priority.ALWAYS);

        TableView<CompareColumnViewModel> metrics = metricsTable();
        VBox.setMargin(metrics, new Insets(0, 20, 4, 20));

        VBox center = new VBox(header, prompt, runBar(), error, columns, metrics, judgeBar(), verdict());
        setCenter(center);
    }

    private HBox runBar() {
        Button run = new Button("Run");
        run.setId(RUN);
        run.getStyleClass().add(Styles.ACCENT);
        run.setTooltip(new Tooltip("Run every column on the prompt (Ctrl+Enter)."));
        run.disableProperty().bind(busy());
        run.setOnAction(e -> compare.run());
        Button stop = new Button("Stop");
        stop.setId(STOP);
        stop.setTooltip(new Tooltip("Stop within one token and keep what was generated (Esc)."));
        stop.disableProperty().bind(compare.stateProperty().isNotEqualTo(EngineState.GENERATING));
        stop.setOnAction(e -> compare.stop());
        Button add = new Button("Add column");
        add.setId(ADD);
        add.setTooltip(new Tooltip("Up to " + CompareViewModel.MAX_COLUMNS + " columns, set up like the last one."));
        add.disableProperty().bind(compare.canAddColumnProperty().not());
        add.setOnAction(e -> compare.addColumn());

        Label maxLabel = new Label("Max tokens");
        maxLabel.getStyleClass().add(LoupeStyles.FIELD_LABEL);
        TextField max = new TextField();
        max.setId(MAX_TOKENS);
        max.setPrefColumnCount(4);
        max.textProperty().bindBidirectional(compare.maxTokensProperty());
        max.setTooltip(new Tooltip("Every column stops after this many tokens."));
        CheckBox lock = new CheckBox("Same seed");
        lock.setId(LOCK_SEED);
        lock.selectedProperty().bindBidirectional(compare.seedLockedProperty());
        lock.setTooltip(new Tooltip("Every column draws with this seed, so the settings alone make the difference."));
        TextField seed = new TextField();
        seed.setId(LOCKED_SEED);
        seed.setPrefColumnCount(6);
        seed.textProperty().bindBidirectional(compare.lockedSeedProperty());
        seed.disableProperty().bind(lock.selectedProperty().not());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(compare.progressProperty());
        bar.visibleProperty().bind(busy());
        bar.setPrefWidth(140);
        Label progress = new Label();
        progress.setId(PROGRESS);
        progress.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        progress.textProperty().bind(compare.progressTextProperty());

        HBox bar1 = new HBox(8, run, stop, add, gap(), maxLabel, max, gap(), lock, seed, spacer, progress, bar);
        bar1.getStyleClass().add(LoupeStyles.TOOLBAR);
        return bar1;
    }

    private ObservableValue<Boolean> busy() {
        return compare.stateProperty().map(EngineState::isBusy);
    }

    private static Region gap() {
        Region gap = new Region();
        gap.setMinWidth(10);
        return gap;
    }

    private TableView<CompareColumnViewModel> metricsTable() {
        TableView<CompareColumnViewModel> table = new TableView<>(compare.columns());
        table.setId(METRICS);
        table.setPlaceholder(new Label("Run the comparison to see its figures."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(28);
        table.prefHeightProperty().bind(Bindings.size(compare.columns()).multiply(28).add(44));
        table.setMinHeight(Region.USE_PREF_SIZE);
        TableColumn<CompareColumnViewModel, String> letter = new TableColumn<>("");
        letter.setCellValueFactory(c -> c.getValue().labelProperty());
        letter.setPrefWidth(34);
        letter.setMaxWidth(40);
        table.getColumns().add(letter);
        table.getColumns().add(text("Model", 115, c -> c.modelProperty().map(m -> m.name())));
        table.getColumns().add(metric("TTFT", 75, "Time to first token, the shared prefill included", m -> Figures.millis(m.ttftMillis())));
        table.getColumns().add(metric("Speed", 95, "Generated tokens after the first, per second of decoding",
                m -> Figures.tokensPerSecond(m.decodeTokensPerSecond())));
        table.getColumns().add(metric("Tokens", 80, "Generated tokens", m -> Integer.toString(m.length())));
        table.getColumns().add(metric("Mean log-prob", 130, "Mean natural log-probability of the generated tokens under the model",
                m -> String.format(Locale.ROOT, "%.3f", m.meanLogProbability())));
        table.getColumns().add(metric("Perplexity", 105, "exp(-mean log-prob): how surprised the model is by its own answer",
                m -> String.format(Locale.ROOT, "%.2f", m.perplexity())));
        table.getColumns().add(metric("Distinct-1", 100, "Different tokens over tokens: low means repetition",
                m -> String.format(Locale.ROOT, "%.2f", m.distinct1())));
        table.getColumns().add(metric("Distinct-2", 100, "Different adjacent token pairs over pairs",
                m -> String.format(Locale.ROOT, "%.2f", m.distinct2())));
        table.getColumns().add(text("Finish", 100, CompareColumnViewModel::finishProperty));
        return table;
    }

    private static TableColumn<CompareColumnViewModel, String> text(String name, double width,
                                                                    Function<CompareColumnViewModel, ObservableValue<String>> value) {
        TableColumn<CompareColumnViewModel, String> column = new TableColumn<>(name);
        column.setCellValueFactory(c -> value.apply(c.getValue()));
        column.setPrefWidth(width);
        column.setSortable(false);
        return column;
    }

    private static TableColumn<CompareColumnViewModel, String> metric(String name, double width, String help, Function<RunMetrics, String> format) {
        TableColumn<CompareColumnViewModel, String> column = text(name, width, c -> c.metricsProperty().map(format).orElse(""));
        column.setMinWidth(width);
        Label header = new Label(name);
        header.setMinWidth(Region.USE_PREF_SIZE); // the header's own label would cut a graphic short
        header.setTooltip(new Tooltip(help));
        column.setText("");
        column.setGraphic(header);
        return column;
    }

    private HBox judgeBar() {
        Label label = new Label("Judge");
        label.getStyleClass().add(LoupeStyles.SECTION_TITLE);
        ComboBox<ModelChoice> model = new ComboBox<>(compare.models());
        model.setId(JUDGE_MODEL);
        model.valueProperty().bindBidirectional(compare.judgeModelProperty());
        model.setTooltip(new Tooltip("The model that reads the prompt and the answers and names the better one."));
        TextField criteria = new TextField();
        criteria.setId(CRITERIA);
        criteria.textProperty().bindBidirectional(compare.criteriaProperty());
        criteria.setPromptText(ArenaJudge.DEFAULT_CRITERIA);
        criteria.setTooltip(new Tooltip("What makes an answer better, in plain words. The judge must answer with one column's letter."));
        HBox.setHgrow(criteria, Priority.ALWAYS);
        Button judge = new Button("Judge");
        judge.setId(JUDGE);
        judge.disableProperty().bind(busy());
        judge.setTooltip(new Tooltip("Ask the judge which answer is better; its verdict is saved with the comparison."));
        judge.setOnAction(e -> compare.judge());
        HBox bar = new HBox(8, label, model, criteria, judge);
        bar.getStyleClass().add(LoupeStyles.COMPARE_BAR);
        return bar;
    }

    private Label verdict() {
        Label verdict = new Label();
        verdict.setId(VERDICT);
        verdict.getStyleClass().add(LoupeStyles.VERDICT);
        verdict.setMaxWidth(Double.MAX_VALUE);
        verdict.textProperty().bind(compare.verdictProperty().map(v -> "Judge " + v.judgeModel() + ": " + v.verdict().winnerLabel()
                + " is better. " + (v.verdict().reason().isBlank() ? "(no reason given)" : "“" + v.verdict().reason().strip() + "”")
                + (v.verdict().shortened() ? "  · answers were cut to fit the judge's context" : "")).orElse(""));
        verdict.visibleProperty().bind(compare.verdictProperty().isNotNull());
        verdict.managedProperty().bind(verdict.visibleProperty());
        VBox.setMargin(verdict, new Insets(0, 20, 10, 20));
        return verdict;
    }

    private VBox savedPanel() {
        Label title = new Label("SAVED COMPARISONS");
        title.getStyleClass().add(LoupeStyles.SECTION_TITLE);
        ListView<ComparisonSummary> list = new ListView<>(compare.saved());
        list.setId(SAVED);
        list.setPlaceholder(new Label("Every run is saved here."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ComparisonSummary item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label prompt = new Label(item.prompt().lines().findFirst().orElse("").strip());
                prompt.getStyleClass().add(LoupeStyles.CONVERSATION_TITLE);
                Label when = new Label(WHEN.format(item.createdAt()) + " · " + item.columns() + " columns"
                        + item.winner().map(w -> " · judge: " + w).orElse(""));
                when.getStyleClass().add(LoupeStyles.CONVERSATION_TIME);
                setGraphic(new VBox(2, prompt, when));
                setText(null);
                setPrefWidth(0); // ellipsize long prompts instead of scrolling sideways
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                compare.open(list.getSelectionModel().getSelectedItem().id());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button open = new Button("Open");
        open.setId(OPEN);
        Button rerun = new Button("Re-run");
        rerun.setId(RERUN);
        Button delete = new Button("Delete");
        delete.setId(DELETE);
        for (Button b : new Button[] {open, rerun, delete}) {
            b.getStyleClass().add(Styles.SMALL);
            b.disableProperty().bind(Bindings.createBooleanBinding(() -> list.getSelectionModel().getSelectedItem() == null
                    || compare.stateProperty().get().isBusy(), list.getSelectionModel().selectedItemProperty(), compare.stateProperty()));
        }
        open.setTooltip(new Tooltip("Show its prompt, columns, answers, figures and verdict."));
        rerun.setTooltip(new Tooltip("Run it again with the same columns; the new run is saved too."));
        open.setOnAction(e -> compare.open(list.getSelectionModel().getSelectedItem().id()));
        rerun.setOnAction(e -> compare.rerun(list.getSelectionModel().getSelectedItem().id()));
        delete.setOnAction(e -> compare.delete(list.getSelectionModel().getSelectedItem().id()));
        HBox buttons = new HBox(6, open, rerun, delete);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox panel = new VBox(title, list, buttons);
        panel.getStyleClass().add(LoupeStyles.CONVERSATION_LIST_PANE);
        panel.setPrefWidth(220);
        panel.setMinWidth(180);
        return panel;
    }
}
