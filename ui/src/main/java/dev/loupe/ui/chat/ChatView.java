package dev.loupe.ui.chat;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.model.ModelInfo;
import dev.loupe.ui.ask.AskOptionsView;
import dev.loupe.ui.ask.PassageWindow;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.dialog.ErrorBar;
import dev.loupe.ui.dialog.NoticeBar;
import dev.loupe.ui.engine.EngineViewModel;
import dev.loupe.ui.shell.LoupeStyles;
import dev.loupe.ui.shell.TranscriptScroll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The chat workspace: conversations on the left, the open one in the middle with the message box, the sampler
 * panel on the right. Binds to {@link ChatViewModel}; the only logic here is layout and keys.
 */
public final class ChatView extends BorderPane {
    public static final String COMPOSER = "composer";
    public static final String SEND = "send";
    public static final String STOP = "stop";
    public static final String REGENERATE = "regenerate";
    public static final String NEW_CHAT = "new-chat";
    public static final String CONVERSATIONS = "conversation-list";
    public static final String SEARCH = "conversation-search";
    public static final String TRANSCRIPT = "transcript";
    public static final String TITLE = "conversation-title";
    public static final String SETTINGS_TOGGLE = "settings-toggle";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withZone(ZoneId.systemDefault());

    private final ChatViewModel chat;
    private final EngineViewModel engine;
    private final VBox transcript = new VBox();
    private final TranscriptScroll scroll = new TranscriptScroll(transcript);
    private final Map<MessageViewModel, MessageView> views = new IdentityHashMap<>();
    private final TextArea composer = new TextArea();
    private final ToggleButton settingsToggle = new ToggleButton("Settings");

    public ChatView(ChatViewModel chat, EngineViewModel engine, DialogService dialogs) {
        this.chat = chat;
        this.engine = engine;
        setLeft(conversationPane(chat.conversations()));
        setCenter(conversationArea(dialogs));
        SamplerPanel panel = new SamplerPanel(chat.sampler(), dialogs);
        setRight(panel);
        settingsToggle.selectedProperty().addListener((obs, old, shown) -> setRight(shown ? panel : null));
        chat.onPassageOpened(located -> PassageWindow.show(getScene() == null ? null : getScene().getWindow(), located));
    }

    /** Puts the cursor in the message box. */
    public void focusComposer() {
        composer.requestFocus();
    }

    private Node conversationPane(ConversationListViewModel list) {
        Label title = new Label("Conversations");
        title.getStyleClass().add(Styles.TITLE_4);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button newChat = new Button("New");
        newChat.setId(NEW_CHAT);
        newChat.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT);
        newChat.setTooltip(new Tooltip("Start a new conversation (Ctrl+N)."));
        newChat.setOnAction(e -> {
            chat.newChat();
            composer.requestFocus();
        });
        HBox header = new HBox(6, title, spacer, newChat);
        header.setAlignment(Pos.CENTER_LEFT);

        TextField search = new TextField();
        search.setId(SEARCH);
        search.setPromptText("Search titles and messages");
        search.textProperty().bindBidirectional(list.searchProperty());

        ListView<ConversationSummary> items = new ListView<>(list.items());
        items.setId(CONVERSATIONS);
        items.setPlaceholder(new Label("No conversations yet"));
        VBox.setVgrow(items, Priority.ALWAYS);
        items.setCellFactory(v -> new ConversationCell(list));
        items.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && (chat.conversationProperty().get() == null || chat.conversationProperty().get().id() != now.id())) {
                list.open(now);
            }
        });
        chat.conversationProperty().addListener((obs, old, now) -> selectCurrent(items));
        list.items().addListener((ListChangeListener<ConversationSummary>) c -> selectCurrent(items));

        Button importButton = new Button("Import JSON…");
        importButton.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        importButton.setTooltip(new Tooltip("Add a conversation exported by Loupe as JSON."));
        importButton.setOnAction(e -> list.importJson());

        VBox pane = new VBox(header, search, items, new NoticeBar(list.noticeProperty(), list::dismissNotice), importButton);
        pane.getStyleClass().add(LoupeStyles.CONVERSATION_LIST_PANE);
        pane.setPrefWidth(250);
        pane.setMinWidth(200);
        return pane;
    }

    private void selectCurrent(ListView<ConversationSummary> items) {
        ConversationSummary current = chat.conversationProperty().get();
        if (current == null) {
            items.getSelectionModel().clearSelection();
            return;
        }
        for (int i = 0; i < items.getItems().size(); i++) {
            if (items.getItems().get(i).id() == current.id()) {
                if (items.getSelectionModel().getSelectedIndex() != i) {
                    items.getSelectionModel().select(i);
                }
                return;
            }
        }
    }

    /** A conversation in the list: title, time, and a menu to rename, export and delete. */
    private static final class ConversationCell extends ListCell<ConversationSummary> {
        private final ConversationListViewModel list;

        ConversationCell(ConversationListViewModel list) {
            this.list = list;
            // Titles are cut with an ellipsis at the list's width instead of widening the cell.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ConversationSummary item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                setContextMenu(null);
                return;
            }
            Label title = new Label(item.title());
            title.getStyleClass().add(LoupeStyles.CONVERSATION_TITLE);
            title.setTooltip(new Tooltip(item.title()));
            Label when = new Label(WHEN.format(item.updatedAt()));
            when.getStyleClass().add(LoupeStyles.CONVERSATION_TIME);
            setGraphic(new VBox(1, title, when));
            setText(null);
            MenuItem rename = new MenuItem("Rename…");
            rename.setOnAction(e -> list.rename(item));
            MenuItem markdown = new MenuItem("Export as Markdown…");
            markdown.setOnAction(e -> list.export(item, ConversationListViewModel.ExportFormat.MARKDOWN));
            MenuItem json = new MenuItem("Export as JSON…");
            json.setOnAction(e -> list.export(item, ConversationListViewModel.ExportFormat.JSON));
            MenuItem delete = new MenuItem("Delete");
            delete.setOnAction(e -> list.delete(item));
            setContextMenu(new ContextMenu(rename, markdown, json, new SeparatorMenuItem(), delete));
        }
    }

    private Node conversationArea(DialogService dialogs) {
        Label title = new Label();
        title.setId(TITLE);
        title.getStyleClass().add(Styles.TITLE_3);
        title.textProperty().bind(chat.conversationProperty().map(ConversationSummary::title).orElse("New conversation"));
        Label model = new Label();
        model.getStyleClass().add(Styles.TEXT_MUTED);
        model.textProperty().bind(engine.modelProperty().map(m -> "· " + m.name()).orElse(""));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        settingsToggle.setId(SETTINGS_TOGGLE);
        settingsToggle.setSelected(true);
        settingsToggle.getStyleClass().add(Styles.SMALL);
        settingsToggle.setTooltip(new Tooltip("Show or hide the sampler settings."));
        title.setMinWidth(0);
        model.setMinWidth(Region.USE_PREF_SIZE);
        settingsToggle.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(8, title, model, spacer, settingsToggle);
        header.getStyleClass().add(LoupeStyles.WORKSPACE_HEADER);

        transcript.setId(TRANSCRIPT);
        Node empty = emptyState();
        StackPane middle = new StackPane(scroll, empty);
        empty.visibleProperty().bind(Bindings.isEmpty(chat.messages()));
        VBox.setVgrow(middle, Priority.ALWAYS);
        chat.messages().addListener((ListChangeListener<MessageViewModel>) c -> showMessages());
        engine.modelProperty().addListener(o -> showMessages());
        showMessages();

        VBox area = new VBox(header, middle, composer(dialogs));
        return area;
    }

    private Node emptyState() {
        Label title = new Label("Start a conversation");
        title.getStyleClass().add(Styles.TITLE_3);
        Label hint = new Label();
        hint.setMaxWidth(520);
        hint.textProperty().bind(engine.modelProperty().map(ChatView::modelHint).orElse(
                "Load a model in the Models workspace (Ctrl+6), then type below."));
        VBox box = new VBox(title, hint);
        box.getStyleClass().add(LoupeStyles.EMPTY_STATE);
        box.setMouseTransparent(true);
        return box;
    }

    private static String modelHint(ModelInfo model) {
        return model.chatTemplate()
                ? model.name() + " is loaded. Type a message below; Enter sends it."
                : model.name() + " is a base model without a chat template: it continues the conversation as plain text "
                        + "rather than following instructions. Type a message below; Enter sends it.";
    }

    private void showMessages() {
        List<MessageViewModel> messages = chat.messages();
        Set<MessageViewModel> current = Collections.newSetFromMap(new IdentityHashMap<>());
        current.addAll(messages);
        views.keySet().retainAll(current);
        String modelName = engine.modelProperty().get() == null ? null : engine.modelProperty().get().name();
        List<Node> nodes = messages.stream()
                .<Node>map(m -> views.computeIfAbsent(m, key -> new MessageView(key, chat, modelName)))
                .toList();
        transcript.getChildren().setAll(nodes);
        scroll.followBottom();
    }

    private Node composer(DialogService dialogs) {
        composer.setId(COMPOSER);
        composer.setWrapText(true);
        composer.textProperty().bindBidirectional(chat.draftProperty());
        // A filter, so that Enter is handled before the text area's own key handling inserts a line break.
        composer.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !e.isShortcutDown()) {
                e.consume();
                if (e.isShiftDown()) {
                    composer.replaceSelection("\n");
                } else {
                    chat.send();
                }
            }
        });
        Button send = new Button("Send");
        send.setId(SEND);
        send.getStyleClass().add(Styles.ACCENT);
        send.setDefaultButton(false);
        send.disableProperty().bind(chat.canSendProperty().not());
        send.setOnAction(e -> chat.send());
        send.setTooltip(new Tooltip("Send the message (Enter or Ctrl+Enter)."));
        Button stop = new Button("Stop");
        stop.setId(STOP);
        stop.getStyleClass().add(Styles.DANGER);
        stop.visibleProperty().bind(chat.canStopProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> chat.stop());
        stop.setTooltip(new Tooltip("Stop the reply; it keeps what it has (Esc)."));
        send.visibleProperty().bind(chat.canStopProperty().not());
        send.managedProperty().bind(send.visibleProperty());
        Button regenerate = new Button("Regenerate");
        regenerate.setId(REGENERATE);
        regenerate.disableProperty().bind(chat.canRegenerateProperty().not());
        regenerate.setOnAction(e -> chat.regenerate());
        regenerate.setTooltip(new Tooltip("Another answer to the last message; the current one stays as an alternative (Ctrl+R)."));
        Label hint = new Label("Enter sends · Shift+Enter new line · Esc stops · Ctrl+R regenerates · Ctrl+N new chat");
        hint.getStyleClass().add(LoupeStyles.HINT);
        hint.setMinWidth(0);
        for (Button button : List.of(send, stop, regenerate)) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, hint, spacer, regenerate, stop, send);
        buttons.setAlignment(Pos.CENTER_LEFT);
        composer.promptTextProperty().bind(chat.askOptions().enabledProperty()
                .map(ask -> ask ? "Ask a question about the chosen documents…" : "Write a message…"));
        VBox box = new VBox(new AskOptionsView(chat.askOptions(), chat::showDocuments),
                new ErrorBar(chat.errorProperty(), chat::dismissError, dialogs), composer, buttons);
        box.getStyleClass().add(LoupeStyles.COMPOSER);
        return box;
    }
}
