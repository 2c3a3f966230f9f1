package dev.loupe.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.loupe.inference.inspect.AttentionMaps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The attention tab: for a chosen layer and head (or the mean of the heads), how much each token attends to every
 * earlier one, as a square heatmap fitted to the space; hovering a row marks the three tokens it attends to most and
 * names them with their weights.
 */
final class AttentionPane extends VBox {
    private final InspectViewModel inspect;
    private final HeatmapCanvas attentionMap = new HeatmapCanvas(18, 18, 92, 64, true);
    private final Label attentionCaption = new Label();
    private final ComboBox<Integer> layerChoice = new ComboBox<>();
    private final ComboBox<String> headChoice = new ComboBox<>();
    private int attentionHover = -1;

    AttentionPane(InspectViewModel inspect) {
        super(6);
        this.inspect = inspect;
        attentionMap.setId(InspectView.ATTENTION);
        layerChoice.setOnAction(e -> drawAttention());
        headChoice.setOnAction(e -> drawAttention());
        attentionCaption.getStyleClass().add(Styles.TEXT_SMALL);
        attentionCaption.setWrapText(true);
        Label attentionHelp = new Label("Rows: each token; columns: the earlier tokens it attends to. Hover a row to see what it attends to most.");
        attentionHelp.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        attentionHelp.setWrapText(true);
        attentionMap.setOnHover((row, column, x, y) -> {
            attentionHover = row;
            attentionCaption.setText(attendsTo(row));
            attentionMap.refresh();
        });
        VBox.setVgrow(attentionMap, Priority.ALWAYS);
        HBox pick = new HBox(8, small("Layer"), layerChoice, small("Head"), headChoice);
        pick.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(pick, attentionHelp, attentionMap, attentionCaption);
        setPadding(new Insets(10, 12, 10, 12));
        inspect.attentionProperty().addListener((obs, old, now) -> showAttention());
        showAttention();
    }

    /** The heatmap, for export and theming. */
    HeatmapCanvas map() {
        return attentionMap;
    }

    private void showAttention() {
        AttentionMaps maps = inspect.attentionProperty().get();
        if (maps == null) {
            attentionMap.show(null);
            attentionCaption.textProperty().bind(inspect.attentionProblemProperty());
            return;
        }
        attentionCaption.textProperty().unbind();
        attentionCaption.setText("");
        List<Integer> layers = IntStream.range(0, maps.layers()).boxed().toList();
        layerChoice.getItems().setAll(layers);
        List<String> heads = new ArrayList<>(List.of("mean"));
        IntStream.range(0, maps.heads()).forEach(h -> heads.add(Integer.toString(h)));
        headChoice.getItems().setAll(heads);
        layerChoice.setValue(maps.layers() - 1);
        headChoice.setValue("mean");
        drawAttention();
    }

    private void drawAttention() {
        AttentionMaps maps = inspect.attentionProperty().get();
        Inspected inspected = inspect.inspectedProperty().get();
        if (maps == null || inspected == null || layerChoice.getValue() == null || headChoice.getValue() == null) {
            return;
        }
        int layer = layerChoice.getValue();
        int head = headChoice.getValue().equals("mean") ? -1 : Integer.parseInt(headChoice.getValue());
        float[][] weights = attentionWeights(maps, layer, head); // [query][key <= query]
        List<String> texts = inspected.tokenTexts();
        attentionHover = -1;
        attentionMap.show(new HeatmapCanvas.Cells() {
            @Override
            public int rows() {
                return weights.length;
            }

            @Override
            public int columns() {
                return weights.length;
            }

            @Override
            public double value(int row, int column) {
                return column <= row ? Math.sqrt(weights[row][column]) : 0;
            }

            @Override
            public String text(int row, int column) {
                return "";
            }

            @Override
            public String rowLabel(int row) {
                return texts.get(row);
            }

            @Override
            public String columnLabel(int column) {
                return texts.get(column);
            }

            @Override
            public boolean highlighted(int row, int column) {
                return row == attentionHover && column <= row && topKeys(weights[row], 3).contains(column);
            }
        });
    }

    /** One head's weights, or the mean over heads when {@code head} is -1. */
    static float[][] attentionWeights(AttentionMaps maps, int layer, int head) {
        int n = maps.tokens();
        float[][] out = new float[n][];
        for (int q = 0; q < n; q++) {
            if (head >= 0) {
                out[q] = maps.row(layer, head, q);
            } else {
                float[] mean = new float[q + 1];
                for (int h = 0; h < maps.heads(); h++) {
                    float[] row = maps.row(layer, h, q);
                    for (int k = 0; k <= q; k++) {
                        mean[k] += row[k] / maps.heads();
                    }
                }
                out[q] = mean;
            }
        }
        return out;
    }

    private static List<Integer> topKeys(float[] row, int count) {
        return IntStream.range(0, row.length).boxed().sorted(Comparator.comparingDouble((Integer k) -> row[k]).reversed()).limit(count).toList();
    }

    private String attendsTo(int query) {
        AttentionMaps maps = inspect.attentionProperty().get();
        Inspected inspected = inspect.inspectedProperty().get();
        if (maps == null || inspected == null || query < 0 || layerChoice.getValue() == null) {
            return "";
        }
        int head = "mean".equals(headChoice.getValue()) ? -1 : Integer.parseInt(headChoice.getValue());
        float[] row = attentionWeights(maps, layerChoice.getValue(), head)[query];
        List<String> texts = inspected.tokenTexts();
        return "«" + TokenLayout.label(texts.get(query)) + "» (position " + query + ") attends most to "
                + topKeys(row, 3).stream().map(k -> String.format(Locale.ROOT, "«%s» at %d: %.3f", TokenLayout.label(texts.get(k)), k, row[k]))
                .collect(Collectors.joining(" · "));
    }

    private static Label small(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        return label;
    }
}
