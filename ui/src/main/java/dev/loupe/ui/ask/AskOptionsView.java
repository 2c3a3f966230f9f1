package dev.loupe.ui.ask;

import atlantafx.base.theme.Styles;
import dev.loupe.rag.answer.AskMode;
import dev.loupe.ui.settings.AskSettings;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.collections.ListChangeListener;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/**
 * The bar above the message box: Chat / Ask documents, and in Ask mode the collection picker, top-k and plain or
 * HyDE retrieval, with a link to the Documents workspace while there is no collection. Binds to
 * {@link AskOptionsViewModel}.
 */
public final class AskOptionsView extends HBox {
    public static final String CHAT_MODE = "mode-chat";
    public static final String ASK_MODE = "mode-ask";
    public static final String COLLECTIONS = "ask-collections";
    public static final String TOP_K = "ask-top-k";
    public static final String RETRIEVAL = "ask-retrieval";
    public static final String STATUS = "ask-status";
    public static final String OPEN_DOCUMENTS = "ask-open-documents";

    private final AskOptionsViewModel options;
    private final MenuButton collections = new MenuButton();

    /** @param showDocuments switches to the Documents workspace */
    public AskOptionsView(AskOptionsViewModel options, Runnable showDocuments) {
        this.options = options;
        getStyleClass().add(LoupeStyles.ASK_BAR);

        ToggleGroup group = new ToggleGroup();
        ToggleButton chat = new ToggleButton("Chat");
        chat.setId(CHAT_MODE);
        chat.getStyleClass().addAll(Styles.SMALL, Styles.LEFT_PILL);
        chat.setTooltip(new Tooltip("Talk with the model; the conversation is its context."));
        ToggleButton ask = new ToggleButton("Ask documents");
        ask.setId(ASK_MODE);
        ask.getStyleClass().addAll(Styles.SMALL, Styles.RIGHT_PILL);
        ask.setTooltip(new Tooltip("Answer from the chosen document collections, citing the passages as [1], [2]."));
        chat.setToggleGroup(group);
        ask.setToggleGroup(group);
        ask.setSelected(options.enabledProperty().get());
        chat.setSelected(!options.enabledProperty().get());
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one of the two is always on
            } else {
                options.enabledProperty().set(now == ask);
            }
        });
        options.enabledProperty().addListener((obs, old, on) -> (on ? ask : chat).setSelected(true));

        collections.setId(COLLECTIONS);
        collections.getStyleClass().add(Styles.SMALL);
        collections.setTooltip(new Tooltip("The collections questions search."));
        collections.setOnShowing(e -> options.refresh());
        options.available().addListener((ListChangeListener<String>) c -> buildMenu());
        options.selected().addListener((ListChangeListener<String>) c -> {
            buildMenu();
            showChosen();
        });
        buildMenu();
        showChosen();

        Label kLabel = new Label("top-k");
        kLabel.getStyleClass().add(Styles.TEXT_MUTED);
        Spinner<Integer> k = new Spinner<>(AskSettings.MIN_K, AskSettings.MAX_K, options.kProperty().get());
        k.setId(TOP_K);
        k.setEditable(true);
        k.setPrefWidth(70);
        k.getStyleClass().add(Styles.SMALL);
        k.setTooltip(new Tooltip("How many passages to retrieve; those that do not fit the model's context are left out."));
        SpinnerValueFactory<Integer> values = k.getValueFactory();
        // Typed text that is not a number in range falls back to the current value instead of failing the commit.
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    return Math.clamp(Integer.parseInt(text.strip()), AskSettings.MIN_K, AskSettings.MAX_K);
                } catch (NumberFormatException e) {
                    return values.getValue();
                }
            }
        });
        values.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                options.kProperty().set(now);
            }
        });
        options.kProperty().addListener((obs, old, now) -> values.setValue(now.intValue()));

        ComboBox<AskMode> retrieval = new ComboBox<>();
        retrieval.setId(RETRIEVAL);
        retrieval.getItems().setAll(AskMode.values());
        retrieval.getStyleClass().add(Styles.SMALL);
        retrieval.setCellFactory(v -> new ModeCell());
        retrieval.setButtonCell(new ModeCell());
        retrieval.valueProperty().bindBidirectional(options.modeProperty());
        retrieval.setTooltip(new Tooltip("Plain searches with the question; HyDE lets the model draft an answer first "
                + "and searches with the draft."));

        Label status = new Label();
        status.setId(STATUS);
        status.getStyleClass().add(LoupeStyles.HINT);
        status.setMinWidth(0);
        status.textProperty().bind(options.statusProperty());
        Hyperlink documents = new Hyperlink("Open Documents");
        documents.setId(OPEN_DOCUMENTS);
        documents.setOnAction(e -> showDocuments.run());
        documents.visibleProperty().bind(options.statusProperty().isNotEmpty());
        documents.managedProperty().bind(documents.visibleProperty());

        HBox askOptions = new HBox(8, collections, kLabel, k, retrieval, status, documents);
        askOptions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        askOptions.visibleProperty().bind(options.enabledProperty());
        askOptions.managedProperty().bind(askOptions.visibleProperty());
        for (var control : new Region[] {chat, ask, collections, k, retrieval}) {
            control.setMinWidth(Region.USE_PREF_SIZE);
        }
        getChildren().addAll(new HBox(chat, ask), askOptions);
    }

    private void buildMenu() {
        collections.getItems().clear();
        for (String name : options.available()) {
            CheckMenuItem item = new CheckMenuItem(name);
            item.setSelected(options.selected().contains(name));
            item.selectedProperty().addListener((obs, old, on) -> options.choose(name, on));
            collections.getItems().add(item);
        }
    }

    private void showChosen() {
        int n = options.selected().size();
        collections.setText(n == 0 ? "Choose collections" : n == 1 ? options.selected().getFirst()
                : n + " collections");
    }

    private static final class ModeCell extends ListCell<AskMode> {
        @Override
        protected void updateItem(AskMode item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : switch (item) {
                case PLAIN -> "Plain retrieval";
                case HYDE -> "HyDE";
            });
        }
    }
}
