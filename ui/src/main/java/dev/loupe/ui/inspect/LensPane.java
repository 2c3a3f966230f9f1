package dev.loupe.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.inspect.LensPrediction;
import dev.loupe.inference.inspect.LogitLens;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The logit lens tab: layers (the model's output on top, the embedding at the bottom) by positions, each cell the
 * top token read from the residual stream after that layer, coloured by its probability or by the probability of the
 * token the model finally predicts there; hovering a cell lists its top tokens.
 */
final class LensPane extends VBox {
    private final InspectViewModel inspect;
    private final HeatmapCanvas lensMap = new HeatmapCanvas(62, 24, 92, 64, false);
    private final Label lensCaption = new Label();
    private final ToggleButton lensFinal = new ToggleButton("Probability of the final token");

    LensPane(InspectViewModel inspect) {
        super(6);
        this.inspect = inspect;
        lensMap.setId(InspectView.LENS);
        lensFinal.getStyleClass().add(Styles.SMALL);
        lensFinal.setTooltip(new Tooltip("Colour each cell by the probability this layer gives the token the model finally predicts, "
                + "instead of the probability of its own top token."));
        lensCaption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        lensCaption.setWrapText(true);
        Label lensHelp = new Label("Each cell: the most probable next token read from the residual stream after that layer (layer 0 is the embedding). "
                + "Hover a cell for its top tokens.");
        lensHelp.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        lensHelp.setWrapText(true);
        Label lensHover = new Label();
        lensHover.getStyleClass().add(Styles.TEXT_SMALL);
        lensMap.setOnHover((row, column, x, y) -> lensHover.setText(lensCell(row, column)));
        VBox.setVgrow(lensMap, Priority.ALWAYS);
        getChildren().addAll(new HBox(10, lensFinal, lensCaption), lensHelp, lensMap, lensHover);
        setPadding(new Insets(10, 12, 10, 12));
        inspect.lensProperty().addListener((obs, old, now) -> showLens());
        lensFinal.selectedProperty().addListener(o -> showLens());
        showLens();
    }

    /** The heatmap, for export and theming. */
    HeatmapCanvas map() {
        return lensMap;
    }

    private void showLens() {
        LogitLens lens = inspect.lensProperty().get();
        Inspected inspected = inspect.inspectedProperty().get();
        if (lens == null || inspected == null) {
            lensMap.show(null);
            lensCaption.textProperty().bind(inspect.lensProblemProperty());
            return;
        }
        lensCaption.textProperty().unbind();
        boolean finalToken = lensFinal.isSelected();
        lensCaption.setText(finalToken ? "Colour: probability of the final top token" : "Colour: probability of the cell's top token");
        int layers = lens.layers();
        List<String> texts = inspected.tokenTexts();
        lensMap.show(new HeatmapCanvas.Cells() {
            @Override
            public int rows() {
                return layers + 1;
            }

            @Override
            public int columns() {
                return texts.size();
            }

            @Override
            public double value(int row, int column) {
                LensPrediction p = lens.prediction(layers - row, column);
                return finalToken ? p.finalTokenProbability() : p.top().getFirst().prob();
            }

            @Override
            public String text(int row, int column) {
                return lens.prediction(layers - row, column).top().getFirst().text();
            }

            @Override
            public String rowLabel(int row) {
                int layer = layers - row;
                return layer == 0 ? "embedding" : layer == layers ? "layer " + layer + " (out)" : "layer " + layer;
            }

            @Override
            public String columnLabel(int column) {
                return texts.get(column);
            }
        });
        lensMap.scrollToColumn(Math.max(0, inspected.promptTokens() - 3));
    }

    private String lensCell(int row, int column) {
        LogitLens lens = inspect.lensProperty().get();
        Inspected inspected = inspect.inspectedProperty().get();
        if (lens == null || inspected == null || row < 0) {
            return "";
        }
        LensPrediction p = lens.prediction(lens.layers() - row, column);
        String top = p.top().stream().map(t -> String.format(Locale.ROOT, "«%s» %.3f", TokenLayout.label(t.text()), t.prob()))
                .collect(Collectors.joining(" · "));
        return String.format(Locale.ROOT, "after «%s» (position %d), layer %d: %s · final token %.3f", TokenLayout.label(inspected.tokenTexts().get(column)),
                column, p.layer(), top, p.finalTokenProbability());
    }

}
