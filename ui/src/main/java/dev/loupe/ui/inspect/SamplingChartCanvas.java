package dev.loupe.ui.inspect;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * Draws a {@link SamplingChart}: one bar per token (solid: after temperature and penalties; outline: the raw
 * probability), kept tokens in the accent colour, dropped ones grey, the drawn token outlined in red (▼), the
 * answer's own token marked ●, and a dashed line
 * after the last token each filter kept, labelled with the filter and its count.
 */
final class SamplingChartCanvas extends Region {
    private static final double LABEL_HEIGHT = 58;
    private static final Font SMALL = Font.font(11);

    private final Canvas canvas = new Canvas();
    private SamplingChart chart;
    private Color textColour = Color.BLACK;
    private Color mutedColour = Color.GRAY;

    SamplingChartCanvas() {
        getChildren().add(canvas);
        setMinHeight(200);
        setPrefHeight(250);
    }

    void show(SamplingChart value) {
        chart = value;
        draw();
    }

    void setColours(Color text, Color muted) {
        textColour = text;
        mutedColour = muted;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 340;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (chart == null || chart.bars().isEmpty() || w < 40) {
            return;
        }
        List<SamplingChart.Bar> bars = chart.bars();
        double cutLabels = 15 * chart.cuts().size();
        double plotTop = 6 + cutLabels;
        double plotBottom = h - LABEL_HEIGHT;
        double plotHeight = Math.max(10, plotBottom - plotTop);
        double slot = w / bars.size();
        double max = 0;
        for (SamplingChart.Bar b : bars) {
            max = Math.max(max, Math.max(b.scaled(), Double.isNaN(b.raw()) ? 0 : b.raw()));
        }
        max = Math.max(max, 1e-9);
        g.setFont(SMALL);
        for (int i = 0; i < bars.size(); i++) {
            SamplingChart.Bar b = bars.get(i);
            double x = i * slot + 1.5;
            double bw = Math.max(1, slot - 3);
            double bh = b.scaled() / max * plotHeight;
            g.setFill(b.kept() ? Shades.accent() : mutedColour.deriveColor(0, 1, 1, 0.45));
            g.fillRect(x, plotBottom - bh, bw, bh);
            if (!Double.isNaN(b.raw())) {
                double rh = b.raw() / max * plotHeight;
                g.setStroke(textColour.deriveColor(0, 1, 1, 0.7));
                g.setLineWidth(1);
                g.strokeRect(x + 0.5, plotBottom - rh, bw - 1, rh);
            }
            if (b.answer()) {
                g.setFill(textColour);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText("●", x + bw / 2, plotBottom - bh - (b.chosen() ? 14 : 2));
            }
            if (b.chosen()) {
                g.setStroke(Shades.alarming());
                g.setLineWidth(2.5);
                g.strokeRect(x - 1, plotBottom - bh - 1, bw + 2, bh + 2);
                g.setFill(Shades.alarming());
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText("▼", x + bw / 2, plotBottom - bh - 2);
            }
            g.save();
            g.translate(x + bw / 2 + 4, plotBottom + 4);
            g.rotate(90);
            g.setFill(b.kept() ? textColour : mutedColour);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.BASELINE);
            g.fillText(clip(TokenLayout.label(b.text())), 0, 0);
            g.restore();
        }
        g.setLineDashes(4, 3);
        g.setLineWidth(1.5);
        g.setTextBaseline(VPos.TOP);
        for (int c = 0; c < chart.cuts().size(); c++) {
            SamplingChart.Cut cut = chart.cuts().get(c);
            boolean beyond = cut.keptCount() >= bars.size();
            double x = beyond ? w - 1 : cut.keptCount() * slot;
            double labelY = 2 + 15 * c;
            g.setStroke(textColour);
            g.strokeLine(x, labelY + 12, x, plotBottom);
            g.setFill(textColour);
            String label = cut.label() + (beyond ? " →" : "");
            boolean left = x > w * 0.6;
            g.setTextAlign(left ? TextAlignment.RIGHT : TextAlignment.LEFT);
            g.fillText(label, left ? x - 3 : x + 3, labelY);
        }
        g.setLineDashes();
        g.setStroke(mutedColour);
        g.setLineWidth(1);
        g.strokeLine(0, plotBottom + 0.5, w, plotBottom + 0.5);
    }

    private static String clip(String text) {
        return text.length() > 9 ? text.substring(0, 8) + "…" : text;
    }
}
