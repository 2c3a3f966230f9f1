package dev.loupe.ui.about;

import atlantafx.base.theme.Styles;
import dev.loupe.ui.shell.LoupeStyles;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Subscription;

/**
 * The About dialog's content: the versions in a table, the bundled model's licence, and the third-party notices
 * behind a button (they are long). {@link #open} shows it in a window of its own.
 */
public final class AboutView extends VBox {
    public static final String VERSIONS = "about-versions";
    public static final String MODEL = "about-model";
    public static final String NOTICES_BUTTON = "about-notices-button";
    public static final String NOTICES = "about-notices";
    public static final String TITLE = "About Loupe";

    private final GridPane versions = new GridPane();
    private final Label model = new Label();
    private final TextArea notices = new TextArea();
    private final Subscription subscription;

    public AboutView(AboutViewModel about) {
        setSpacing(12);
        setPadding(new Insets(20));
        Label title = new Label("Loupe");
        title.getStyleClass().add(Styles.TITLE_2);
        Label what = new Label("Offline workbench for local language models.");
        what.getStyleClass().add(Styles.TEXT_MUTED);
        versions.setId(VERSIONS);
        versions.setHgap(16);
        versions.setVgap(4);
        model.setId(MODEL);
        model.setWrapText(true);
        notices.setId(NOTICES);
        notices.setEditable(false);
        notices.setWrapText(false);
        notices.getStyleClass().add(LoupeStyles.MD_CODE);
        notices.setVisible(false);
        notices.setManaged(false);
        VBox.setVgrow(notices, Priority.ALWAYS);
        Button showNotices = new Button("Third-party notices");
        showNotices.setId(NOTICES_BUTTON);
        showNotices.setOnAction(e -> {
            boolean show = !notices.isVisible();
            notices.setVisible(show);
            notices.setManaged(show);
            showNotices.setText(show ? "Hide third-party notices" : "Third-party notices");
        });
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(about.errorProperty().map(e -> e.message()).orElse(""));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(title, what, versions, model, error, new HBox(spacer, showNotices), notices);
        subscription = about.infoProperty().subscribe(this::show);
    }

    /** The id of the label holding a component's version: "about-version-apache-lucene". */
    public static String versionId(String component) {
        return "about-version-" + component.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Opens the dialog over {@code owner} and starts reading the versions; Esc closes it. */
    public static Stage open(Window owner, AboutViewModel about) {
        AboutView view = new AboutView(about);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle(TITLE);
        Scene scene = new Scene(view, 680, 640);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::close);
        stage.setScene(scene);
        // The view-model outlives the dialog: stop updating a closed one.
        stage.setOnHidden(e -> view.subscription.unsubscribe());
        stage.show();
        about.load();
        return stage;
    }

    private void show(AboutInfo info) {
        versions.getChildren().clear();
        if (info == null) {
            versions.add(new Label("Reading versions…"), 0, 0);
            return;
        }
        int row = 0;
        for (AboutInfo.Component component : info.components()) {
            Label name = new Label(component.name());
            name.getStyleClass().add(Styles.TEXT_MUTED);
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label version = new Label(component.version());
            version.setId(versionId(component.name()));
            version.setWrapText(true);
            versions.addRow(row++, name, version);
        }
        model.setText(info.bundledModel().isEmpty() ? "No model is bundled with this installation." : "Bundled model: " + info.bundledModel());
        notices.setText(info.notices());
    }
}
