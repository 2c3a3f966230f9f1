package dev.loupe.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.TopToken;
import dev.loupe.ui.shell.LoupeStyles;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * What is known about one token: probability, log-probability, rank, entropy, and the model's top alternatives as a
 * small bar chart. The hover card shows it; the selected-token panel shows the same with each alternative a button
 * that branches the answer there.
 */
final class TokenCard extends VBox {
    static final String ALTERNATIVE = "inspect-alternative";
    private static final double BAR_WIDTH = 120;

    private final IntConsumer onAlternative;

    /** @param onAlternative receives the id of a clicked alternative; null for a card without buttons */
    TokenCard(IntConsumer onAlternative) {
        this.onAlternative = onAlternative;
        getStyleClass().add(LoupeStyles.INSPECT_CARD);
        setSpacing(6);
    }

    void show(TokenRow row) {
        getChildren().clear();
        if (row == null) {
            return;
        }
        Label token = new Label("«" + TokenLayout.label(row.text()) + "»");
        token.getStyleClass().addAll(LoupeStyles.INSPECT_TOKEN, Styles.TEXT_BOLD);
        Label step = new Label("step " + row.step() + " · id " + row.id());
        step.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox header = new HBox(8, token, step);
        header.setAlignment(Pos.BASELINE_LEFT);
        GridPane figures = new GridPane();
        figures.setHgap(10);
        figures.setVgap(1);
        figures.addRow(0, muted("probability"), value(String.format(Locale.ROOT, "%.4f", row.probability())),
                muted("rank"), value(row.rank() == 0 ? ">" + row.top().size() : Integer.toString(row.rank())));
        figures.addRow(1, muted("log-prob"), value(String.format(Locale.ROOT, "%.3f", row.logProbability())),
                muted("entropy"), value(String.format(Locale.ROOT, "%.3f nats", row.entropy())));
        getChildren().addAll(header, figures);
        if (!row.top().isEmpty()) {
            Label title = muted(onAlternative == null ? "Top alternatives" : "Top alternatives · click one to branch here");
            getChildren().add(title);
            double top = row.top().getFirst().prob();
            VBox bars = new VBox(onAlternative == null ? 2 : 0);
            for (TopToken alternative : row.top()) {
                bars.getChildren().add(bar(alternative, top, alternative.id() == row.id()));
            }
            getChildren().add(bars);
        }
    }

    private Node bar(TopToken alternative, double top, boolean actual) {
        Label text = new Label(TokenLayout.label(alternative.text()));
        text.getStyleClass().add(LoupeStyles.INSPECT_TOKEN);
        text.setMinWidth(80);
        text.setPrefWidth(80);
        Rectangle bar = new Rectangle(Math.max(1, BAR_WIDTH * alternative.prob() / Math.max(top, 1e-9)), 10);
        bar.setFill(actual ? Shades.alarming() : Shades.accent());
        bar.setArcWidth(3);
        bar.setArcHeight(3);
        Label probability = new Label(String.format(Locale.ROOT, "%.3f", alternative.prob()));
        probability.getStyleClass().add(Styles.TEXT_SMALL);
        HBox line = new HBox(6, text, new HBox(bar), probability);
        line.setAlignment(Pos.CENTER_LEFT);
        ((HBox) line.getChildren().get(1)).setMinWidth(BAR_WIDTH);
        if (onAlternative == null) {
            return line;
        }
        Button button = new Button();
        button.setGraphic(line);
        button.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, ALTERNATIVE);
        button.setMaxWidth(Double.MAX_VALUE);
        button.setAlignment(Pos.CENTER_LEFT);
        button.setUserData(alternative.id());
        button.setOnAction(e -> onAlternative.accept(alternative.id()));
        return button;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return label;
    }

    private static Label value(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        return label;
    }
}
