package dev.loupe.ui.inspect;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The surprisal of every token of the answer as one line across the width (a long answer is binned: each pixel
 * column shows the highest surprisal among its tokens, so a spike is never averaged away), with the selected
 * token marked. Clicking selects the token under the pointer.
 */
final class SurprisalSparkline extends Region {
    private final Canvas canvas = new Canvas();
    private List<TokenRow> rows = List.of();
    private int selected = -1;
    private Color lineColour = Color.GRAY;
    private IntConsumer onSelect = i -> {};

    SurprisalSparkline() {
        getChildren().add(canvas);
        setMinHeight(48);
        setPrefHeight(64);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (!rows.isEmpty()) {
                onSelect.accept(Math.clamp((int) (e.getX() / canvas.getWidth() * rows.size()), 0, rows.size() - 1));
            }
        });
    }

    void setOnSelect(IntConsumer action) {
        onSelect = action;
    }

    void show(List<TokenRow> value, int selectedStep) {
        rows = value;
        selected = selectedStep;
        draw();
    }

    void setLineColour(Color value) {
        lineColour = value;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (rows.isEmpty() || w < 2 || h < 4) {
            return;
        }
        double top = rows.stream().mapToDouble(TokenRow::surprisal).max().orElse(1);
        double scale = (h - 6) / Math.max(top, 1e-9);
        int columns = (int) Math.min(w, rows.size());
        double columnWidth = w / columns;
        g.setStroke(lineColour);
        g.setLineWidth(1.25);
        g.beginPath();
        for (int c = 0; c < columns; c++) {
            int from = (int) ((long) c * rows.size() / columns);
            int to = Math.max(from + 1, (int) ((long) (c + 1) * rows.size() / columns));
            double peak = 0;
            for (int i = from; i < to; i++) {
                peak = Math.max(peak, rows.get(i).surprisal());
            }
            double x = (c + 0.5) * columnWidth;
            double y = h - 3 - peak * scale;
            if (c == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
        if (selected >= 0 && selected < rows.size()) {
            double x = (selected + 0.5) * w / rows.size();
            double y = h - 3 - rows.get(selected).surprisal() * scale;
            g.setStroke(Shades.accent());
            g.strokeLine(x, 0, x, h);
            g.setFill(Shades.accent());
            g.fillOval(x - 3.5, y - 3.5, 7, 7);
        }
    }
}
