package dev.loupe.ui.shell;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.agents.AgentsView;
import dev.loupe.ui.about.AboutView;
import dev.loupe.ui.chat.ChatView;
import dev.loupe.ui.compare.CompareView;
import dev.loupe.ui.dialog.DialogService;
import dev.loupe.ui.documents.DocumentsView;
import dev.loupe.ui.engine.EngineState;
import dev.loupe.ui.engine.StatusBarView;
import dev.loupe.ui.inspect.InspectView;
import dev.loupe.ui.models.FirstRunView;
import dev.loupe.ui.models.ModelsView;
import dev.loupe.ui.runs.RunsView;
import dev.loupe.ui.settings.SettingsWindow;
import dev.loupe.ui.settings.ThemeChoice;
import java.util.EnumMap;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's content: the sidebar of workspaces, the current workspace, the status bar. Workspaces are
 * built the first time they are shown.
 */
public final class MainView extends BorderPane {
    public static final String THEME = "theme";
    public static final String SETTINGS = "open-settings";
    public static final String ABOUT = "about";

    private final MainViewModel main;
    private final DialogService dialogs;
    private final StackPane content = new StackPane();
    private final Map<Workspace, Node> pages = new EnumMap<>(Workspace.class);
    private final Map<Workspace, ToggleButton> buttons = new EnumMap<>(Workspace.class);
    private SettingsWindow settings;

    public MainView(MainViewModel main, DialogService dialogs) {
        this.main = main;
        this.dialogs = dialogs;
        setLeft(sidebar());
        setCenter(content);
        StatusBarView status = new StatusBarView(main.engine(), dialogs);
        status.showApiServer(main.apiServer().statusLineProperty(), this::openSettings);
        setBottom(status);
        main.workspaceProperty().addListener((obs, old, now) -> show(now));
        show(main.workspaceProperty().get());
        FirstRunView firstRun = new FirstRunView(main.firstRun(), main.engine());
        firstRun.visibleProperty().bind(main.firstRun().showingProperty());
        content.getChildren().add(firstRun);
    }

    /** The nav button id of a workspace: "nav-chat". */
    public static String navId(Workspace workspace) {
        return "nav-" + workspace.id();
    }

    /** Adds the stylesheet and the keyboard shortcuts to the window's scene. */
    public void install(Scene scene) {
        scene.getStylesheets().add(LoupeStyles.stylesheet());
        var keys = scene.getAccelerators();
        keys.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
            main.show(Workspace.CHAT);
            main.chat().newChat();
            chatView().focusComposer();
        });
        keys.put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), () -> {
            if (main.workspaceProperty().get() == Workspace.CHAT) {
                main.chat().send();
            } else if (main.workspaceProperty().get() == Workspace.AGENTS) {
                main.agents().run();
            } else if (main.workspaceProperty().get() == Workspace.COMPARE) {
                main.compare().run();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> {
            if (main.workspaceProperty().get() == Workspace.CHAT) {
                main.chat().regenerate();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), () -> {
            if (main.workspaceProperty().get() == Workspace.INSPECT) {
                main.inspect().exportTable();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (main.chat().stateProperty().get() == EngineState.GENERATING) {
                main.chat().stop();
            }
            if (main.agents().stateProperty().get() == EngineState.GENERATING) {
                main.agents().cancel();
            }
            if (main.compare().stateProperty().get() == EngineState.GENERATING) {
                main.compare().stop();
            }
            if (main.inspect().stateProperty().get() == EngineState.GENERATING) {
                main.inspect().stopBranch();
            }
        });
        keys.put(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN), this::openSettings);
        keys.put(new KeyCodeCombination(KeyCode.F1), this::openAbout);
        for (Workspace workspace : Workspace.values()) {
            KeyCode digit = KeyCode.getKeyCode(Integer.toString(workspace.shortcutDigit()));
            keys.put(new KeyCodeCombination(digit, KeyCombination.SHORTCUT_DOWN), () -> main.show(workspace));
        }
    }

    private Node sidebar() {
        Label brand = new Label("Loupe");
        brand.getStyleClass().add(LoupeStyles.BRAND);
        VBox bar = new VBox(brand);
        bar.getStyleClass().add(LoupeStyles.SIDEBAR);
        ToggleGroup group = new ToggleGroup();
        for (Workspace workspace : Workspace.values()) {
            ToggleButton button = new ToggleButton();
            button.setId(navId(workspace));
            button.getStyleClass().add(LoupeStyles.NAV_BUTTON);
            button.setToggleGroup(group);
            Label title = new Label(workspace.title());
            title.textFillProperty().bind(button.textFillProperty());
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox graphic = new HBox(6, title, spacer);
            graphic.setAlignment(Pos.CENTER_LEFT);
            graphic.setMaxWidth(Double.MAX_VALUE);
            button.setGraphic(graphic);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setTooltip(new Tooltip(workspace.description() + " (Ctrl+" + workspace.shortcutDigit() + ")"));
            button.setOnAction(e -> {
                main.show(workspace);
                button.setSelected(true);
            });
            buttons.put(workspace, button);
            bar.getChildren().add(button);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Label themeLabel = new Label("Theme");
        themeLabel.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        ComboBox<ThemeChoice> theme = new ComboBox<>();
        theme.setId(THEME);
        theme.getItems().setAll(ThemeChoice.values());
        theme.setValue(main.themeProperty().get());
        theme.setMaxWidth(Double.MAX_VALUE);
        theme.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != main.themeProperty().get()) {
                main.useTheme(now);
            }
        });
        main.themeProperty().addListener((obs, old, now) -> theme.setValue(now));
        Button settingsButton = new Button("Settings");
        settingsButton.setId(SETTINGS);
        settingsButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        settingsButton.setMaxWidth(Double.MAX_VALUE);
        settingsButton.setTooltip(new Tooltip("The local API server and other settings (Ctrl+,)"));
        settingsButton.setOnAction(e -> openSettings());
        Button about = new Button("About Loupe");
        about.setId(ABOUT);
        about.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        about.setMaxWidth(Double.MAX_VALUE);
        about.setTooltip(new Tooltip("Versions, licences and third-party notices (F1)"));
        about.setOnAction(e -> openAbout());
        bar.getChildren().addAll(spacer, settingsButton, about, themeLabel, theme);
        return bar;
    }

    /** Opens the Settings window (Ctrl+,), or brings it to the front. */
    public void openSettings() {
        if (settings == null) {
            settings = new SettingsWindow(getScene() == null ? null : getScene().getWindow(), main.apiServer());
        }
        settings.show();
    }

    private void openAbout() {
        AboutView.open(getScene() == null ? null : getScene().getWindow(), main.about());
    }

    private void show(Workspace workspace) {
        Node page = pages.computeIfAbsent(workspace, this::build);
        if (content.getChildren().isEmpty()) {
            content.getChildren().add(page);
        } else {
            // The first child is the workspace; the first-run screen, when there is one, stays above it.
            content.getChildren().set(0, page);
        }
        ToggleButton button = buttons.get(workspace);
        if (button != null) {
            button.setSelected(true);
        }
    }

    private ChatView chatView() {
        return (ChatView) pages.computeIfAbsent(Workspace.CHAT, this::build);
    }

    private Node build(Workspace workspace) {
        return switch (workspace) {
            case CHAT -> new ChatView(main.chat(), main.engine(), dialogs);
            case MODELS -> new ModelsView(main.models(), main.engine(), dialogs);
            case RUNS -> new RunsView(main.runs(), dialogs);
            case DOCUMENTS -> new DocumentsView(main.documents(), dialogs);
            case COMPARE -> new CompareView(main.compare(), dialogs);
            case AGENTS -> new AgentsView(main.agents(), main.engine(), dialogs);
            case INSPECT -> new InspectView(main.inspect(), dialogs);
        };
    }
}
