package dev.loupe.ui.ask;

import atlantafx.base.theme.Styles;
import dev.loupe.rag.answer.LocatedPassage;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Path;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window showing a cited passage in its document: the document's text (for PDFs, the passage's page, named in
 * the header) scrolled to the passage, whose character range is marked. Closed with Esc.
 */
public final class PassageWindow {
    public static final String LOCATION = "passage-location";
    public static final String HIGHLIGHT = "passage-highlight";
    public static final String SCROLL = "passage-scroll";

    private PassageWindow() {}

    /** Opens a window for {@code located} over {@code owner}. UI thread. */
    public static Stage show(Window owner, LocatedPassage located) {
        Label location = new Label(header(located));
        location.setId(LOCATION);
        location.getStyleClass().add(Styles.TITLE_4);
        location.setWrapText(true);
        Label note = new Label(note(located));
        note.getStyleClass().add(LoupeStyles.HINT);
        note.setWrapText(true);
        note.setVisible(!note.getText().isEmpty());
        note.setManaged(note.isVisible());

        String text = located.text();
        Text before = new Text(text.substring(0, located.start()));
        Text passage = new Text(located.highlighted());
        passage.setId(HIGHLIGHT);
        passage.getStyleClass().add(LoupeStyles.PASSAGE_HIGHLIGHT);
        Text after = new Text(text.substring(located.end()));
        TextFlow flow = new TextFlow(before, passage, after);
        flow.getStyleClass().add(LoupeStyles.PASSAGE_TEXT);
        // The mark is drawn behind the text from the flow's own shape of the range, so it follows the line breaks.
        Path mark = new Path();
        mark.getStyleClass().add(LoupeStyles.PASSAGE_MARK);
        mark.setManaged(false);
        StackPane page = new StackPane(mark, flow);
        page.setAlignment(Pos.TOP_LEFT);
        ScrollPane scroll = new ScrollPane(page);
        scroll.setId(SCROLL);
        scroll.setFitToWidth(true);
        flow.layoutBoundsProperty().addListener(o -> {
            mark.getElements().setAll(flow.rangeShape(located.start(), located.end()));
            mark.setLayoutX(flow.getLayoutX());
            mark.setLayoutY(flow.getLayoutY());
        });

        Button close = new Button("Close");
        close.getStyleClass().add(Styles.SMALL);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(spacer, close);
        VBox top = new VBox(4, location, note);
        top.setStyle("-fx-padding: 12 12 6 12;");
        BorderPane root = new BorderPane(scroll, top, null, buttons, null);
        buttons.setStyle("-fx-padding: 8 12 12 12;");

        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(located.passage().location());
        Scene scene = new Scene(root, 720, 560);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        close.setOnAction(e -> stage.close());
        stage.setScene(scene);
        stage.show();
        Platform.runLater(() -> scrollTo(scroll, page, passage));
        return stage;
    }

    /** Scrolls so that the passage's first line sits a third of the way down the view. */
    private static void scrollTo(ScrollPane scroll, Region content, Text passage) {
        content.applyCss();
        content.layout();
        Bounds inContent = content.sceneToLocal(passage.localToScene(passage.getBoundsInLocal()));
        double hidden = content.getHeight() - scroll.getViewportBounds().getHeight();
        if (hidden > 0) {
            double target = inContent.getMinY() - scroll.getViewportBounds().getHeight() / 3;
            scroll.setVvalue(Math.clamp(target / hidden, 0, 1));
        }
    }

    /** "notes.pdf · page 2 of 3 · characters 120–480" or "notes.txt · characters 0–300". */
    static String header(LocatedPassage located) {
        String source = located.passage().source().replace('\\', '/');
        String name = source.substring(source.lastIndexOf('/') + 1);
        StringBuilder s = new StringBuilder(name);
        if (located.page() > 0) {
            s.append(" · page ").append(located.page()).append(" of ").append(located.pageCount());
        }
        if (!located.passage().headingPath().isEmpty()) {
            s.append(" · ").append(String.join(" > ", located.passage().headingPath()));
        }
        s.append(" · characters ").append(located.passage().startChar()).append('–').append(located.passage().endChar());
        return s.toString();
    }

    private static String note(LocatedPassage located) {
        return switch (located.match()) {
            case EXACT -> "";
            case MOVED -> "The document changed since it was indexed; the passage was found at another place.";
            case GONE -> "The document changed since it was indexed and no longer contains this passage; it is shown "
                    + "as it was indexed. Index the collection again to update it.";
        };
    }
}
