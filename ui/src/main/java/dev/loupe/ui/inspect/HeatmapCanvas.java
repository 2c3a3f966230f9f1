package dev.loupe.ui.inspect;

import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A grid of coloured cells with optional text, row labels on the left and column labels on top, drawn on one
 * {@link Canvas}: only the columns on screen are drawn and a scroll bar moves through the others, so a sequence of
 * a thousand positions costs one viewport. What each cell holds comes from a {@link Cells} source.
 */
final class HeatmapCanvas extends Region {
    private static final Font LABEL = Font.font(11);
    private static final Font CELL = Font.font("Monospaced", 11);

    /** The grid's content. */
    interface Cells {
        int rows();

        int columns();

        /** In [0, 1]. */
        double value(int row, int column);

        /** Text inside the cell; empty for none. */
        String text(int row, int column);

        String rowLabel(int row);

        String columnLabel(int column);

        /** Whether the cell is drawn highlighted (e.g. what the hovered token attends to). */
        default boolean highlighted(int row, int column) {
            return false;
        }
    }

    /** Receives the hovered cell (-1, -1 when none) and the pointer's place in this region. */
    interface HoverListener {
        void hovered(int row, int column, double x, double y);
    }

    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final double cellWidth;
    private final double cellHeight;
    private final double rowLabelWidth;
    private final double columnLabelHeight;
    private Cells cells;
    private Color textColour = Color.BLACK;
    private int hoverRow = -1;
    private int hoverColumn = -1;
    private HoverListener onHover = (r, c, x, y) -> {};
    private boolean fit;

    /**
     * @param cellWidth cell width in pixels, unless {@code fit}
     * @param fit whether cells shrink so that every column fits the width (square cells, no scroll bar)
     */
    HeatmapCanvas(double cellWidth, double cellHeight, double rowLabelWidth, double columnLabelHeight, boolean fit) {
        this.cellWidth = cellWidth;
        this.cellHeight = cellHeight;
        this.rowLabelWidth = rowLabelWidth;
        this.columnLabelHeight = columnLabelHeight;
        this.fit = fit;
        scroll.setOrientation(Orientation.HORIZONTAL);
        scroll.valueProperty().addListener(o -> draw());
        scroll.setVisible(!fit);
        getChildren().addAll(canvas, scroll);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1, -1));
        addEventHandler(ScrollEvent.SCROLL, e -> {
            double delta = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            scroll.setValue(Math.clamp(scroll.getValue() - delta / cellWidth, 0, scroll.getMax()));
        });
        setMinSize(200, 120);
    }

    void setOnHover(HoverListener action) {
        onHover = action;
    }

    void show(Cells value) {
        cells = value;
        scroll.setValue(0);
        requestLayout();
        draw();
    }

    /** Scrolls so that {@code column} is the first one shown (clamped once the grid is laid out). */
    void scrollToColumn(int column) {
        scroll.setMax(Math.max(scroll.getMax(), column));
        scroll.setValue(column);
        draw();
    }

    /** Redraws after the source's content or highlight changed. */
    void refresh() {
        draw();
    }

    void setTextColour(Color value) {
        textColour = value;
        draw();
    }

    /** Cell size on screen: fixed, or shrunk to fit for a fitted grid. */
    double cellWidth() {
        if (!fit || cells == null || cells.columns() == 0) {
            return cellWidth;
        }
        double byWidth = (canvas.getWidth() - rowLabelWidth) / cells.columns();
        double byHeight = (canvas.getHeight() - columnLabelHeight) / Math.max(1, cells.rows());
        return Math.max(0.5, Math.min(cellWidth, Math.min(byWidth, byHeight)));
    }

    double cellHeight() {
        return fit ? cellWidth() : cellHeight;
    }

    @Override
    protected void layoutChildren() {
        double barHeight = fit ? 0 : scroll.prefHeight(-1);
        canvas.setWidth(getWidth());
        canvas.setHeight(Math.max(0, getHeight() - barHeight));
        scroll.resizeRelocate(0, getHeight() - barHeight, getWidth(), barHeight);
        updateScroll();
        draw();
    }

    @Override
    protected double computePrefHeight(double width) {
        return cells == null ? 200 : columnLabelHeight + cells.rows() * cellHeight + 24;
    }

    private int visibleColumns() {
        return Math.max(1, (int) Math.floor((canvas.getWidth() - rowLabelWidth) / cellWidth()));
    }

    private void updateScroll() {
        int columns = cells == null ? 0 : cells.columns();
        scroll.setMax(Math.max(0, columns - visibleColumns()));
        scroll.setVisibleAmount(Math.max(1, Math.min(visibleColumns(), scroll.getMax())));
        scroll.setValue(Math.min(scroll.getValue(), scroll.getMax()));
    }

    private int firstColumn() {
        return fit ? 0 : (int) Math.floor(scroll.getValue());
    }

    private void hover(double x, double y) {
        int row = -1;
        int column = -1;
        if (cells != null && x >= rowLabelWidth && y >= columnLabelHeight) {
            row = (int) ((y - columnLabelHeight) / cellHeight());
            column = firstColumn() + (int) ((x - rowLabelWidth) / cellWidth());
            if (row >= cells.rows() || column >= cells.columns()) {
                row = -1;
                column = -1;
            }
        }
        if (row != hoverRow || column != hoverColumn) {
            hoverRow = row;
            hoverColumn = column;
            onHover.hovered(row, column, x, y);
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (cells == null || cells.rows() == 0 || cells.columns() == 0) {
            return;
        }
        double cw = cellWidth();
        double ch = cellHeight();
        int first = firstColumn();
        int last = Math.min(cells.columns(), first + visibleColumns() + 1);
        int rowsShown = Math.min(cells.rows(), (int) Math.ceil((h - columnLabelHeight) / ch));
        boolean labels = ch >= 9;
        g.setFont(LABEL);
        g.setFill(textColour);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int r = 0; r < rowsShown && labels; r++) {
            g.fillText(cells.rowLabel(r), rowLabelWidth - 4, columnLabelHeight + r * ch + ch / 2);
        }
        if (cw >= 9) {
            for (int c = first; c < last; c++) {
                g.save();
                g.translate(rowLabelWidth + (c - first) * cw + cw / 2, columnLabelHeight - 4);
                g.rotate(-60);
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText(clip(cells.columnLabel(c), 10), 0, 0);
                g.restore();
            }
        }
        g.setFont(CELL);
        g.setTextAlign(TextAlignment.CENTER);
        for (int r = 0; r < rowsShown; r++) {
            for (int c = first; c < last; c++) {
                double x = rowLabelWidth + (c - first) * cw;
                double y = columnLabelHeight + r * ch;
                double v = cells.value(r, c);
                g.setFill(Shades.heat(v));
                g.fillRect(x, y, Math.max(0.5, cw - (cw > 4 ? 1 : 0)), Math.max(0.5, ch - (ch > 4 ? 1 : 0)));
                if (cells.highlighted(r, c)) {
                    g.setStroke(Shades.alarming());
                    g.setLineWidth(1.5);
                    g.strokeRect(x + 0.5, y + 0.5, cw - 2, ch - 2);
                }
                String text = cw >= 24 ? cells.text(r, c) : "";
                if (!text.isEmpty()) {
                    g.setFill(Shades.onHeat(v, textColour));
                    g.fillText(clip(text, (int) (cw / 7)), x + cw / 2, y + ch / 2);
                }
            }
        }
        if (hoverRow >= 0 && hoverColumn >= first && hoverColumn < last) {
            g.setStroke(textColour);
            g.setLineWidth(1.5);
            g.strokeRect(rowLabelWidth + (hoverColumn - first) * cw, columnLabelHeight + hoverRow * ch, cw - 1, ch - 1);
        }
    }

    private static String clip(String text, int chars) {
        String shown = TokenLayout.label(text);
        int keep = Math.max(1, chars);
        return shown.length() > keep ? shown.substring(0, Math.max(1, keep - 1)) + "…" : shown;
    }
}
