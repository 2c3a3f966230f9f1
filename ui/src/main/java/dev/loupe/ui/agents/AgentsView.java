package dev.loupe.ui.agents;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.shell.LoupeStyles;
import dev.loupe.ui.shell.TranscriptScroll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The agents workspace: stored runs on the left, the timeline in the middle with the task box, the setup on the
 * right. Binds to {@link AgentsViewModel}; the only logic here is layout, keys and the pace of a replay.
 */
public final class AgentsView extends BorderPane {
    public static final String TASK = "agent-task";
    public static final String RUN = "agent-run";
    public static final String CANCEL = "agent-cancel";
    public static final String TIMELINE = "agent-timeline";
    public static final String HISTORY = "agent-history";
    public static final String NEW_RUN = "agent-new";
    public static final String REPLAY = "agent-replay";
    public static final String RERUN = "agent-rerun";
    public static final String DELETE = "agent-delete";
    public static final String STATUS = "agent-status";
    public static final String LIVE = "agent-live";
    /** Time between two entries of a replay. */
    static final Duration REPLAY_PACE = Duration.millis(350);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    private final AgentsViewModel agents;
    private final VBox timeline = new VBox();
    private final TranscriptScroll scroll = new TranscriptScroll(timeline);
    private final Map<TimelineEntry, Node> cards = new IdentityHashMap<>();
    private final VBox liveCard = new VBox();
    private final Timeline replayClock = new Timeline();
    private Node approvalCard;

    public AgentsView(AgentsViewModel agents, EngineViewModel engine, DialogService dialogs) {
        this.agents = agents;
        setLeft(historyPane());
        setCenter(timelineArea(engine, dialogs));
        setRight(new AgentSetupPanel(agents.setup(), engine));
        replayClock.getKeyFrames().add(new KeyFrame(REPLAY_PACE, e -> {
            if (!agents.replayNext()) {
                replayClock.stop();
            }
        }));
        replayClock.setCycleCount(Timeline.INDEFINITE);
        agents.replayingProperty().addListener((obs, old, now) -> {
            if (now) {
                replayClock.playFromStart();
            } else {
                replayClock.stop();
            }
        });
    }

    private Node historyPane() {
        Label title = new Label("Runs");
        title.getStyleClass().add(Styles.TITLE_4);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button newRun = new Button("New");
        newRun.setId(NEW_RUN);
        newRun.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        newRun.setTooltip(new Tooltip("Leave the open trace and start from an empty timeline."));
        newRun.setOnAction(e -> agents.newRun());
        newRun.disableProperty().bind(agents.canCancelProperty());
        HBox header = new HBox(6, title, spacer, newRun);
        header.setAlignment(Pos.CENTER_LEFT);

        ListView<TraceSummary> list = new ListView<>(agents.history());
        list.setId(HISTORY);
        list.setPlaceholder(new Label("No runs yet"));
        list.setCellFactory(v -> new TraceCell(agents));
        VBox.setVgrow(list, Priority.ALWAYS);
        list.setOnMouseClicked(e -> {
            TraceSummary chosen = list.getSelectionModel().getSelectedItem();
            if (chosen != null && !isOpen(chosen)) {
                agents.open(chosen.id());
            }
        });
        list.setOnKeyPressed(e -> {
            TraceSummary chosen = list.getSelectionModel().getSelectedItem();
            if (chosen == null) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER) {
                agents.open(chosen.id());
            } else if (e.getCode() == KeyCode.DELETE) {
                agents.delete(chosen);
            }
        });
        agents.viewingProperty().addListener((obs, old, now) -> {
            if (now == null) {
                list.getSelectionModel().clearSelection();
            }
        });
        VBox pane = new VBox(header, list);
        pane.getStyleClass().add(LoupeStyles.CONVERSATION_LIST_PANE);
        pane.setPrefWidth(240);
        pane.setMinWidth(190);
        return pane;
    }

    private boolean isOpen(TraceSummary trace) {
        StoredTrace open = agents.viewingProperty().get();
        return open != null && open.summary().id() == trace.id();
    }

    /** A stored run: its task, how it ended, when and with which model; a menu to delete it. */
    private static final class TraceCell extends ListCell<TraceSummary> {
        private final AgentsViewModel agents;

        TraceCell(AgentsViewModel agents) {
            this.agents = agents;
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(TraceSummary item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setContextMenu(null);
                return;
            }
            Label task = new Label(item.task().lines().findFirst().orElse("").strip());
            task.getStyleClass().add(LoupeStyles.CONVERSATION_TITLE);
            task.setTooltip(new Tooltip(item.task()));
            String outcome = item.stopReason().map(AgentsViewModel::reasonText).orElse("Did not finish");
            Label when = new Label(outcome + " · " + WHEN.format(item.startedAt()) + " · " + item.modelId());
            when.getStyleClass().add(LoupeStyles.CONVERSATION_TIME);
            setGraphic(new VBox(1, task, when));
            setText(null);
            MenuItem open = new MenuItem("Open");
            open.setOnAction(e -> agents.open(item.id()));
            MenuItem delete = new MenuItem("Delete");
            delete.setOnAction(e -> agents.delete(item));
            setContextMenu(new ContextMenu(open, delete));
        }
    }

    private Node timelineArea(EngineViewModel engine, DialogService dialogs) {
        Label title = new Label();
        title.getStyleClass().add(Styles.TITLE_3);
        title.textProperty().bind(agents.viewingProperty().map(t -> "Trace #" + t.summary().id() + " · "
                + t.summary().task().lines().findFirst().orElse("")).orElse("Agent run"));
        title.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button replay = new Button("Replay");
        replay.setId(REPLAY);
        replay.getStyleClass().add(Styles.SMALL);
        replay.setTooltip(new Tooltip("Play the stored timeline back, entry by entry, as it streamed in."));
        replay.setOnAction(e -> {
            if (agents.replayingProperty().get()) {
                agents.stopReplay();
            } else {
                agents.replay();
            }
        });
        replay.textProperty().bind(Bindings.when(agents.replayingProperty()).then("Show all").otherwise("Replay"));
        Button rerun = new Button("Re-run");
        rerun.setId(RERUN);
        rerun.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        rerun.setTooltip(new Tooltip("Run this task again with the same tools, folders, limits, sampler and seed on the loaded model."));
        rerun.setOnAction(e -> agents.rerun());
        rerun.disableProperty().bind(engine.generatorProperty().isNull().or(agents.canCancelProperty()));
        Button delete = new Button("Delete");
        delete.setId(DELETE);
        delete.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        delete.setOnAction(e -> {
            StoredTrace open = agents.viewingProperty().get();
            if (open != null) {
                agents.delete(open.summary());
            }
        });
        for (Button b : List.of(replay, rerun, delete)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.visibleProperty().bind(agents.viewingProperty().isNotNull());
            b.managedProperty().bind(b.visibleProperty());
        }
        HBox header = new HBox(8, title, spacer, replay, rerun, delete);
        header.getStyleClass().add(LoupeStyles.WORKSPACE_HEADER);
        Label status = new Label();
        status.setId(STATUS);
        status.getStyleClass().add(LoupeStyles.HINT);
        status.textProperty().bind(agents.statusProperty());
        status.setStyle("-fx-padding: 6 20 0 20;");

        timeline.setId(TIMELINE);
        buildLiveCard();
        agents.timeline().addListener((ListChangeListener<TimelineEntry>) c -> showTimeline());
        agents.liveStepProperty().addListener(o -> showTimeline());
        agents.approvalProperty().addListener((obs, old, now) -> {
            approvalCard = now == null ? null : new ApprovalCardView(now);
            showTimeline();
        });
        showTimeline();
        Node empty = emptyState(engine);
        empty.visibleProperty().bind(Bindings.isEmpty(timeline.getChildren()));
        StackPane middle = new StackPane(scroll, empty);
        VBox.setVgrow(middle, Priority.ALWAYS);
        return new VBox(header, status, middle, composer(dialogs));
    }

    private void buildLiveCard() {
        liveCard.setId(LIVE);
        liveCard.getStyleClass().addAll(LoupeStyles.AGENT_CARD, LoupeStyles.AGENT_LIVE);
        Label step = new Label();
        step.getStyleClass().add(LoupeStyles.AGENT_STEP);
        step.textProperty().bind(agents.liveStepProperty().asString("Step %d"));
        Label kind = new Label();
        kind.textProperty().bind(agents.liveKindProperty());
        kind.getStyleClass().add(LoupeStyles.AGENT_KIND);
        HBox header = new HBox(8, step, kind);
        header.setAlignment(Pos.CENTER_LEFT);
        Label text = new Label();
        text.getStyleClass().add(LoupeStyles.AGENT_CODE);
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.textProperty().bind(agents.liveTextProperty());
        liveCard.getChildren().addAll(header, text);
    }

    private void showTimeline() {
        List<TimelineEntry> entries = agents.timeline();
        Set<TimelineEntry> current = Collections.newSetFromMap(new IdentityHashMap<>());
        current.addAll(entries);
        cards.keySet().retainAll(current);
        List<Node> nodes = new ArrayList<>();
        for (TimelineEntry entry : entries) {
            nodes.add(cards.computeIfAbsent(entry, TimelineCardView::new));
        }
        if (approvalCard != null) {
            nodes.add(approvalCard);
        }
        if (agents.liveStepProperty().get() > 0) {
            nodes.add(liveCard);
        }
        timeline.getChildren().setAll(nodes);
    }

    private Node emptyState(EngineViewModel engine) {
        Label title = new Label("Give the agent a task");
        title.getStyleClass().add(Styles.TITLE_3);
        Label hint = new Label();
        hint.setWrapText(true);
        hint.setMaxWidth(520);
        hint.textProperty().bind(engine.modelProperty().map(m -> m.name() + " will write one step at a time: a "
                + "thought and a tool call, or the answer. Choose its tools and their format on the right, type a task "
                + "below and press Ctrl+Enter. Past runs are on the left.").orElse("Load a model in the Models workspace (Ctrl+6), "
                + "choose tools on the right, then type a task below."));
        VBox box = new VBox(title, hint);
        box.getStyleClass().add(LoupeStyles.EMPTY_STATE);
        box.setMouseTransparent(true);
        return box;
    }

    private Node composer(DialogService dialogs) {
        TextArea task = new TextArea();
        task.setId(TASK);
        task.setWrapText(true);
        task.setPromptText("What should the agent do? For example: what is 17 * 23, and what time is it?");
        task.textProperty().bindBidirectional(agents.taskProperty());
        // A filter, so that Ctrl+Enter runs instead of reaching the text area's own key handling.
        task.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                e.consume();
                agents.run();
            }
        });
        Button run = new Button("Run");
        run.setId(RUN);
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(agents.canRunProperty().not());
        run.setOnAction(e -> agents.run());
        run.setTooltip(new Tooltip("Run the task with the chosen tools (Ctrl+Enter)."));
        Button cancel = new Button("Cancel");
        cancel.setId(CANCEL);
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.visibleProperty().bind(agents.canCancelProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> agents.cancel());
        cancel.setTooltip(new Tooltip("Stop within one token or one tool call (Esc)."));
        run.visibleProperty().bind(agents.canCancelProperty().not());
        run.managedProperty().bind(run.visibleProperty());
        for (Button b : List.of(run, cancel)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Label hint = new Label("Ctrl+Enter runs · Esc cancels · every run is kept on the left");
        hint.getStyleClass().add(LoupeStyles.HINT);
        hint.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, hint, spacer, cancel, run);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(new ErrorBar(agents.errorProperty(), agents::dismissError, dialogs), task, buttons);
        box.getStyleClass().add(LoupeStyles.COMPOSER);
        return box;
    }
}
