package dev.loupe.ui.settings;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Settings window (Ctrl+,): the local API server's switch, address, key and CORS, its status and the URL to
 * copy. One window per main window, shown again when asked twice; Esc closes it. Binds to
 * {@link ApiServerViewModel}.
 */
public final class SettingsWindow {
    public static final String ENABLED = "api-enabled";
    public static final String HOST = "api-host";
    public static final String PORT = "api-port";
    public static final String KEY = "api-key";
    public static final String CORS = "api-cors";
    public static final String VALIDATION = "api-validation";
    public static final String APPLY = "api-apply";
    public static final String STATUS = "api-status";
    public static final String URL = "api-url";
    public static final String COPY = "api-copy";

    private final Stage stage = new Stage();

    public SettingsWindow(Window owner, ApiServerViewModel api) {
        Label title = new Label("API server");
        title.getStyleClass().add(Styles.TITLE_3);
        Label about = new Label("An OpenAI-compatible server (/v1/chat/completions, /v1/completions, /v1/models, "
                + "/v1/embeddings) for the model loaded in Loupe. It follows the loaded model and stops when the model is "
                + "unloaded or Loupe closes; when the switch is on, it starts again at the next launch.");
        about.setWrapText(true);
        about.getStyleClass().add(Styles.TEXT_MUTED);

        ToggleSwitch enabled = new ToggleSwitch("Serve the loaded model");
        enabled.setId(ENABLED);
        // Not a bidirectional binding: the view-model turns the switch back off when the settings are invalid, and a
        // binding ignores changes made while it propagates one.
        enabled.setSelected(api.enabledProperty().get());
        enabled.selectedProperty().addListener((obs, old, on) -> api.enabledProperty().set(on));
        api.enabledProperty().addListener((obs, old, on) -> enabled.setSelected(on));
        TextField host = new TextField();
        host.setId(HOST);
        host.textProperty().bindBidirectional(api.hostProperty());
        host.setTooltip(new Tooltip("127.0.0.1 serves this machine only; 0.0.0.0 or a network address needs an API key."));
        TextField port = new TextField();
        port.setId(PORT);
        port.setPrefColumnCount(6);
        port.textProperty().bindBidirectional(api.portProperty());
        port.setTooltip(new Tooltip("0 picks any free port."));
        PasswordField key = new PasswordField();
        key.setId(KEY);
        key.setPromptText("required when the host is not 127.0.0.1");
        key.textProperty().bindBidirectional(api.apiKeyProperty());
        CheckBox cors = new CheckBox("Let web pages from any origin call the API (CORS *)");
        cors.setId(CORS);
        cors.selectedProperty().bindBidirectional(api.corsProperty());
        Label validation = new Label();
        validation.setId(VALIDATION);
        validation.getStyleClass().add(LoupeStyles.VALIDATION);
        validation.setWrapText(true);
        validation.textProperty().bind(api.validationProperty());
        Button apply = new Button("Apply");
        apply.setId(APPLY);
        apply.setTooltip(new Tooltip("Save the address, key and CORS; a running server starts again with them."));
        apply.setOnAction(e -> api.apply());

        Label status = new Label();
        status.setId(STATUS);
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(api::describe, api.statusProperty(), api.urlProperty(),
                api.errorProperty()));
        TextField url = new TextField();
        url.setId(URL);
        url.setEditable(false);
        url.textProperty().bind(api.urlProperty());
        HBox.setHgrow(url, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId(COPY);
        copy.disableProperty().bind(api.urlProperty().isEmpty());
        copy.setOnAction(e -> {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(api.urlProperty().get());
            Clipboard.getSystemClipboard().setContent(clip);
        });

        GridPane grid = new GridPane();
        grid.getStyleClass().add(LoupeStyles.SETTINGS_PANE);
        grid.addRow(0, label("Server"), enabled);
        grid.addRow(1, label("Host"), host);
        grid.addRow(2, label("Port"), port);
        grid.addRow(3, label("API key"), key);
        grid.add(cors, 1, 4);
        grid.add(validation, 1, 5);
        grid.add(apply, 1, 6);
        grid.addRow(7, label("Status"), status);
        HBox urlRow = new HBox(6, url, copy);
        urlRow.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(8, label("URL"), urlRow);
        GridPane.setHgrow(urlRow, Priority.ALWAYS);

        VBox root = new VBox(8, title, about, grid);
        root.setStyle("-fx-padding: 16;");
        Scene scene = new Scene(root, 620, 520);
        scene.getStylesheets().add(LoupeStyles.stylesheet());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.initOwner(owner);
        stage.setTitle("Loupe settings");
        stage.setScene(scene);
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** Shows the window, or brings it to the front. */
    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }
}
