package dev.loupe.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.dialog.UserError;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.shell.LoupeStyles;
import dev.loupe.ui.shell.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Rectangle;

/**
 * The Inspect workspace: the tokens coloured by probability, entropy or surprisal (a canvas that draws only what is
 * on screen), a hover card with the alternatives, a surprisal sparkline, the selected token with its alternatives to
 * branch from, the sampling chart with its sliders, the logit lens and the attention maps. Binds to
 * {@link InspectViewModel}; the only logic here is drawing, layout and keys.
 */
public final class InspectView extends BorderPane {
    public static final String VIEW = "inspect-view";
    public static final String TOKENS = "inspect-tokens";
    public static final String HOVER_CARD = "inspect-hover-card";
    public static final String SELECTED_CARD = "inspect-selected-card";
    public static final String COLOUR_MODE = "inspect-colour-mode";
    public static final String TEXT = "inspect-text";
    public static final String INSPECT_TEXT = "inspect-text-button";
    public static final String SAMPLING_CHART = "inspect-sampling-chart";
    public static final String TEMPERATURE = "inspect-temperature";
    public static final String TOP_K = "inspect-top-k";
    public static final String TOP_P = "inspect-top-p";
    public static final String MIN_P = "inspect-min-p";
    public static final String TYPICAL_P = "inspect-typical-p";
    public static final String SPARKLINE = "inspect-sparkline";
    public static final String SUMMARY = "inspect-summary";
    public static final String LENS = "inspect-lens";
    public static final String ATTENTION = "inspect-attention";
    public static final String TABS = "inspect-tabs";
    public static final String STOP = "inspect-stop";
    public static final String EXPORT = "inspect-export";

    private final InspectViewModel inspect;
    private final DialogService dialogs;
    private final TokenTextCanvas tokens = new TokenTextCanvas();
    private final TokenCard hoverCard = new TokenCard(null);
    private final Pane overlay = new Pane(hoverCard);
    private final TokenCard selectedCard;
    private final SurprisalSparkline sparkline = new SurprisalSparkline();
    private final SamplingChartCanvas samplingChart = new SamplingChartCanvas();
    private final LensPane lens;
    private final AttentionPane attention;
    private final Label title = new Label();
    private final Label summary = new Label();
    private final Label chartCaption = new Label();
    private final TabPane tabs = new TabPane();
    private Color textColour = Color.BLACK;

    public InspectView(InspectViewModel inspect, DialogService dialogs) {
        this.inspect = inspect;
        this.dialogs = dialogs;
        this.selectedCard = new TokenCard(inspect::branch);
        setId(VIEW);
        this.lens = new LensPane(inspect);
        this.attention = new AttentionPane(inspect);
        setTop(header());
        setCenter(tabs());
        setRight(sidePanel());
        setBottom(new ErrorBar(inspect.errorProperty(), inspect::dismissError, dialogs));

        inspect.rowsProperty().addListener((obs, old, now) -> showRows());
        inspect.selectedProperty().addListener((obs, old, now) -> showSelection());
        inspect.colourModeProperty().addListener((obs, old, now) -> tokens.setMode(now));
        inspect.chartProperty().addListener((obs, old, now) -> showChart());
        inspect.inspectedProperty().addListener((obs, old, now) -> loadTab());
        tokens.setMode(inspect.colourModeProperty().get());
        addEventFilter(KeyEvent.KEY_PRESSED, this::arrows);
        showRows();
        showChart();
    }

    /** Asks where to save the token table and writes it (Ctrl+E). */
    public void exportTable() {
        inspect.exportTable();
    }

    /**
     * Shows the hover card of {@code step} as if the pointer rested on it (the screenshot uses it to show the card).
     * Call once the view is laid out.
     */
    public void peek(int step) {
        tokens.peek(step);
    }

    /** Tokens the text canvas drew in its last paint; bounded by the viewport. For tests. */
    public int drawnTokens() {
        return tokens.drawnTokens();
    }

    private Node header() {
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(inspect.titleProperty());
        title.setMinWidth(0);
        ComboBox<ColourMode> mode = new ComboBox<>();
        mode.setId(COLOUR_MODE);
        mode.getItems().setAll(ColourMode.values());
        mode.valueProperty().bindBidirectional(inspect.colourModeProperty());
        mode.setTooltip(new Tooltip("What the colour of each token shows."));
        Label calm = new Label();
        Label alarming = new Label();
        calm.getStyleClass().add(Styles.TEXT_SMALL);
        alarming.getStyleClass().add(Styles.TEXT_SMALL);
        calm.textProperty().bind(Bindings.createStringBinding(() -> legendLabel(true), inspect.colourModeProperty()));
        alarming.textProperty().bind(Bindings.createStringBinding(() -> legendLabel(false), inspect.colourModeProperty()));
        Rectangle scale = new Rectangle(120, 12, Shades.legend());
        scale.setArcWidth(4);
        scale.setArcHeight(4);
        HBox legend = new HBox(6, calm, scale, alarming);
        legend.setAlignment(Pos.CENTER_LEFT);

        MenuButton export = new MenuButton("Export");
        export.setId(EXPORT);
        export.getStyleClass().add(Styles.SMALL);
        MenuItem table = new MenuItem("Token table as CSV or JSON…   Ctrl+E");
        table.setOnAction(e -> inspect.exportTable());
        export.getItems().addAll(table,
                png("Token text as PNG…", tokens, "tokens.png"),
                png("Surprisal sparkline as PNG…", sparkline, "surprisal.png"),
                png("Sampling chart as PNG…", samplingChart, "sampling.png"),
                png("Logit lens as PNG…", lens.map(), "logit-lens.png"),
                png("Attention as PNG…", attention.map(), "attention.png"));
        export.disableProperty().bind(inspect.inspectedProperty().isNull());
        export.setTooltip(new Tooltip("The token table as CSV or JSON (Ctrl+E), or any chart as PNG."));

        Button stop = new Button("Stop");
        stop.setId(STOP);
        stop.getStyleClass().addAll(Styles.SMALL, Styles.DANGER);
        stop.setOnAction(e -> inspect.stopBranch());
        stop.setTooltip(new Tooltip("Stop the branch; what it generated is kept (Esc)."));
        stop.visibleProperty().bind(inspect.stateProperty().isEqualTo(EngineState.GENERATING));
        stop.managedProperty().bind(stop.visibleProperty());

        mode.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        calm.setMinWidth(Region.USE_PREF_SIZE);
        alarming.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox first = new HBox(10, title, spacer, stop, export);
        first.setAlignment(Pos.CENTER_LEFT);

        TextField text = new TextField();
        text.setId(TEXT);
        text.setPromptText("Or type a text to score token by token, e.g. Once upon a time there was a dog.");
        text.textProperty().bindBidirectional(inspect.textProperty());
        text.setOnAction(e -> inspect.inspectText());
        HBox.setHgrow(text, Priority.ALWAYS);
        Button score = new Button("Inspect text");
        score.setId(INSPECT_TEXT);
        score.getStyleClass().add(Styles.SMALL);
        score.setOnAction(e -> inspect.inspectText());
        score.disableProperty().bind(Bindings.createBooleanBinding(() -> inspect.stateProperty().get().isBusy(), inspect.stateProperty()));
        Label status = new Label();
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        status.textProperty().bind(Bindings.createStringBinding(() -> switch (inspect.stateProperty().get()) {
            case LOADING -> "Scoring…";
            case GENERATING -> "Branching…";
            case CANCELLING -> "Stopping…";
            default -> inspect.noticeProperty().get();
        }, inspect.stateProperty(), inspect.noticeProperty()));
        Label colour = new Label("Colour by");
        colour.getStyleClass().add(Styles.TEXT_SMALL);
        colour.setMinWidth(Region.USE_PREF_SIZE);
        HBox second = new HBox(8, colour, mode, legend, new Region(), text, score, status);
        HBox.setMargin(text, new Insets(0, 0, 0, 16));
        second.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, first, second);
        box.getStyleClass().add(LoupeStyles.TOOLBAR);
        box.setPadding(new Insets(10, 16, 8, 16));
        return box;
    }

    private String legendLabel(boolean calm) {
        ColourMode mode = inspect.colourModeProperty().get();
        return calm ? mode.calmLabel() : mode.alarmingLabel();
    }

    private MenuItem png(String label, Node chart, String suggested) {
        MenuItem item = new MenuItem(label);
        item.setOnAction(e -> {
            Optional<Path> target = dialogs.chooseFileToSave("Export " + label.replace(" as PNG…", "").toLowerCase(Locale.ROOT), suggested,
                    List.of(DialogService.FileType.of("PNG images", "png")));
            target.ifPresent(file -> {
                try {
                    Snapshots.writePng(chart, background(), file);
                } catch (IOException | RuntimeException failure) {
                    dialogs.showError(UserError.from(failure, "export the chart"));
                }
            });
        });
        return item;
    }

    private Color background() {
        Background fill = getBackground();
        if (fill != null && !fill.getFills().isEmpty() && fill.getFills().getFirst().getFill() instanceof Color c && c.getOpacity() > 0) {
            return c;
        }
        return textColour.getBrightness() > 0.5 ? Color.rgb(13, 17, 23) : Color.WHITE;
    }

    private Node tabs() {
        tabs.setId(TABS);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tokens.setId(TOKENS);
        tokens.setOnSelect(inspect::select);
        tokens.setOnHover(this::hoverToken);
        hoverCard.setId(HOVER_CARD);
        hoverCard.setVisible(false);
        hoverCard.setMouseTransparent(true);
        overlay.setMouseTransparent(true);
        overlay.setPickOnBounds(false);
        StackPane text = new StackPane(tokens, overlay);
        VBox.setVgrow(text, Priority.ALWAYS);
        sparkline.setId(SPARKLINE);
        sparkline.setOnSelect(inspect::select);
        summary.setId(SUMMARY);
        summary.getStyleClass().add(Styles.TEXT_SMALL);
        Label sparkTitle = new Label("Surprisal per token (−log p, nats)");
        sparkTitle.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox spark = new VBox(2, sparkTitle, sparkline, summary);
        spark.setPadding(new Insets(6, 12, 8, 12));
        VBox tokenTab = new VBox(text, spark);

        Tab tokenPage = new Tab("Tokens", tokenTab);
        Tab lensPage = new Tab("Logit lens", lens);
        Tab attentionPage = new Tab("Attention", attention);
        tabs.getTabs().addAll(tokenPage, lensPage, attentionPage);
        tabs.getSelectionModel().selectedItemProperty().addListener(o -> loadTab());
        return tabs;
    }

    private Node sidePanel() {
        selectedCard.setId(SELECTED_CARD);
        Label selectedTitle = section("Selected token");
        Label branchHelp = new Label("Branching forces the alternative here and generates the rest with the answer's settings and seed; "
                + "a chat answer gets it as a new alternative reply.");
        branchHelp.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        branchHelp.setWrapText(true);
        Label samplingTitle = section("Sampling at this step");
        samplingChart.setId(SAMPLING_CHART);
        chartCaption.getStyleClass().add(Styles.TEXT_SMALL);
        chartCaption.setWrapText(true);
        Label problem = new Label();
        problem.getStyleClass().add(LoupeStyles.VALIDATION);
        problem.textProperty().bind(inspect.chartProblemProperty());
        problem.visibleProperty().bind(inspect.chartProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        GridPane sliders = new GridPane();
        sliders.setHgap(8);
        sliders.setVgap(2);
        slider(sliders, 0, "temperature", TEMPERATURE, 0, 2, inspect.temperatureProperty(), "%.2f");
        Slider topK = slider(sliders, 1, "top-k (0 off)", TOP_K, 0, 100, null, "%.0f");
        topK.setValue(inspect.topKProperty().get());
        topK.valueProperty().addListener((obs, old, now) -> inspect.topKProperty().set((int) Math.round(now.doubleValue())));
        inspect.topKProperty().addListener((obs, old, now) -> topK.setValue(now.intValue()));
        slider(sliders, 2, "top-p (1 off)", TOP_P, 0.01, 1, inspect.topPProperty(), "%.2f");
        slider(sliders, 3, "min-p (0 off)", MIN_P, 0, 0.5, inspect.minPProperty(), "%.2f");
        slider(sliders, 4, "typical-p (1 off)", TYPICAL_P, 0.01, 1, inspect.typicalPProperty(), "%.2f");
        Button reset = new Button("Answer's settings");
        reset.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        reset.setTooltip(new Tooltip("Put the sliders back to the settings the answer was generated with."));
        reset.setOnAction(e -> inspect.resetSampler());
        Label legend = new Label("Bars: after penalties and temperature (blue kept, grey cut); outlines: the raw probability; ▼ the drawn token; "
                + "● the answer's token.");
        legend.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        legend.setWrapText(true);
        VBox panel = new VBox(8, selectedTitle, selectedCard, branchHelp, samplingTitle, chartCaption, samplingChart, legend, problem, sliders, reset);
        panel.setPadding(new Insets(10, 12, 10, 12));
        panel.setPrefWidth(400);
        ScrollPane scroll = new ScrollPane(panel);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(LoupeStyles.INSPECT_PANEL);
        scroll.setPrefWidth(420);
        scroll.setMinWidth(340);
        return scroll;
    }

    private Slider slider(GridPane grid, int row, String name, String id, double min, double max, DoubleProperty bound, String format) {
        Slider slider = new Slider(min, max, bound == null ? min : bound.get());
        slider.setId(id);
        slider.setFocusTraversable(true);
        if (bound != null) {
            slider.valueProperty().bindBidirectional(bound);
        }
        Label value = new Label();
        value.getStyleClass().add(Styles.TEXT_SMALL);
        value.setMinWidth(36);
        value.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, format, slider.getValue()), slider.valueProperty()));
        GridPane.setHgrow(slider, Priority.ALWAYS);
        grid.addRow(row, small(name), slider, value);
        return slider;
    }

    private void arrows(KeyEvent e) {
        if (getScene() != null && (getScene().getFocusOwner() instanceof TextInputControl || getScene().getFocusOwner() instanceof Slider)) {
            return;
        }
        if (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT) {
            inspect.moveSelection(e.getCode() == KeyCode.LEFT ? -1 : 1);
            e.consume();
        }
    }

    private void hoverToken(int step, double x, double y) {
        List<TokenRow> rows = inspect.rowsProperty().get();
        if (step < 0 || step >= rows.size()) {
            hoverCard.setVisible(false);
            return;
        }
        hoverCard.show(rows.get(step));
        hoverCard.applyCss();
        hoverCard.autosize();
        double width = hoverCard.getWidth();
        double height = hoverCard.getHeight();
        double left = Math.min(x, Math.max(0, overlay.getWidth() - width - 16));
        double top = y + 4 + height > overlay.getHeight() ? Math.max(0, y - height - 28) : y + 4;
        hoverCard.relocate(left, top);
        hoverCard.setVisible(true);
    }

    private void showRows() {
        List<TokenRow> rows = inspect.rowsProperty().get();
        tokens.show(rows);
        hoverCard.setVisible(false);
        showSelection();
    }

    private void showSelection() {
        List<TokenRow> rows = inspect.rowsProperty().get();
        int step = inspect.selectedProperty().get();
        tokens.select(step);
        sparkline.show(rows, step);
        selectedCard.show(step >= 0 && step < rows.size() ? rows.get(step) : null);
        Inspected inspected = inspect.inspectedProperty().get();
        if (inspected == null) {
            summary.setText("Open an answer with Inspect in Chat, or type a text above.");
            return;
        }
        summary.setText(String.format(Locale.ROOT, "%d tokens · perplexity %.3f · mean log-probability %.4f nats%s", inspected.rows().size(),
                inspected.perplexity(), inspected.meanLogProbability(), step >= 0 ? " · selected step " + step + " (← → to move)" : ""));
    }

    private void showChart() {
        SamplingChart chart = inspect.chartProperty().get();
        samplingChart.show(chart);
        if (chart == null) {
            chartCaption.setText("Select a token to see how the sampler chose at that step.");
            return;
        }
        String draw = chart.greedy() ? "greedy: takes «" + TokenLayout.label(chart.chosenText()) + "»"
                : String.format(Locale.ROOT, "a fresh draw of the seed (u = %.3f) takes «%s»", chart.u(), TokenLayout.label(chart.chosenText()));
        chartCaption.setText(String.format(Locale.ROOT, "temperature %.2f · %d candidates left · %s", chart.temperature(), chart.finalCandidates(), draw));
    }

    private void loadTab() {
        int tab = tabs.getSelectionModel().getSelectedIndex();
        if (tab == 1) {
            inspect.loadLens();
        } else if (tab == 2) {
            inspect.loadAttention();
        }
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        Paint fill = title.getTextFill();
        if (fill instanceof Color c && !c.equals(textColour)) {
            textColour = c;
            tokens.setTextColour(c);
            sparkline.setLineColour(c);
            lens.map().setTextColour(c);
            attention.map().setTextColour(c);
            samplingChart.setColours(c, c.deriveColor(0, 1, 1, 0.55));
        }
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(LoupeStyles.SECTION_TITLE);
        return label;
    }

    private static Label small(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        return label;
    }
}
