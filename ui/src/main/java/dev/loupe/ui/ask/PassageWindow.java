package dev.loupe.ui.ask;

import atlantafx.base.theme.Styles;
import dev.loupe.rag.answer.LocatedPassage;
import dev.loupe.ui.shell.LoupeStyles;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.Pane;
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
        MarkedText page = new MarkedText(flow, located.start(), located.end());
        ScrollPane scroll = new ScrollPane(page);
        scroll.setId(SCROLL);
        scroll.setFitToWidth(true);

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
        scene.getStylesheets().add(LoupeStyles.stylesheet());
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

    /**
     * The text with the passage's range marked behind it. The mark comes from the flow's own shape of the range,
     * so it follows the line breaks; it is drawn after each layout, when fonts and wrapping are final.
     */
    private static final class MarkedText extends Pane {
        private final TextFlow flow;
        private final Path mark = new Path();
        private final int start;
        private final int end;

        MarkedText(TextFlow flow, int start, int end) {
            this.flow = flow;
            this.start = start;
            this.end = end;
            mark.getStyleClass().add(LoupeStyles.PASSAGE_MARK);
            mark.setManaged(false);
            getStyleClass().add(LoupeStyles.PASSAGE_TEXT);
            getChildren().addAll(mark, flow);
        }

        @Override
        protected double computePrefHeight(double width) {
            Insets in = getInsets();
            double inner = width < 0 ? -1 : width - in.getLeft() - in.getRight();
            return in.getTop() + flow.prefHeight(inner) + in.getBottom();
        }

        @Override
        protected void layoutChildren() {
            Insets in = getInsets();
            double width = getWidth() - in.getLeft() - in.getRight();
            flow.resizeRelocate(in.getLeft(), in.getTop(), width, flow.prefHeight(width));
            mark.getElements().setAll(flow.rangeShape(start, end));
            mark.setLayoutX(in.getLeft());
            mark.setLayoutY(in.getTop());
        }
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
