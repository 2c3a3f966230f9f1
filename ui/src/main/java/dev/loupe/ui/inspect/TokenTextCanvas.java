package dev.loupe.ui.inspect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
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
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The answer's text token by token, each token on a background of its shade, drawn on one {@link Canvas} the size
 * of the viewport: only the lines on screen are drawn, so thousands of tokens cost no more than a screenful (no
 * node per token). The layout is recomputed when the width or the tokens change; a scroll bar moves through lines.
 */
final class TokenTextCanvas extends Region {
    private static final double PAD = 10;
    private static final double LINE_GAP = 6;

    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final Text measurer = new Text();
    /** Drawn width of each distinct token text met so far: a streamed branch lays out again without measuring again. */
    private final Map<String, Double> widths = new HashMap<>();
    private final Font font = Font.font("Monospaced", 14);
    private final double lineHeight;
    private List<TokenRow> rows = List.of();
    private List<String> shown = List.of();
    private ColourMode mode = ColourMode.PROBABILITY;
    private int selected = -1;
    private int hovered = -1;
    private TokenLayout layout;
    private double layoutWidth = -1;
    private Color textColour = Color.BLACK;
    private int drawnTokens;
    private IntConsumer onSelect = i -> {};
    private HoverListener onHover = (i, x, y) -> {};

    /** Receives the hovered token and the canvas point below it (in this region's coordinates); -1 when none. */
    interface HoverListener {
        void hovered(int step, double x, double y);
    }

    TokenTextCanvas() {
        measurer.setFont(font);
        measurer.setText("Ag");
        lineHeight = Math.ceil(measurer.getLayoutBounds().getHeight()) + LINE_GAP;
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setMin(0);
        scroll.valueProperty().addListener(o -> draw());
        getChildren().addAll(canvas, scroll);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            int at = tokenAt(e.getX(), e.getY());
            if (at != hovered) {
                hovered = at;
                draw();
            }
            onHover.hovered(at, layoutX(at), layoutBottom(at));
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            hovered = -1;
            draw();
            onHover.hovered(-1, 0, 0);
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int at = tokenAt(e.getX(), e.getY());
            if (at >= 0) {
                onSelect.accept(at);
            }
            requestFocus();
        });
        addEventHandler(ScrollEvent.SCROLL, e -> scroll.setValue(Math.clamp(scroll.getValue() - e.getDeltaY() / lineHeight, 0, scroll.getMax())));
        setFocusTraversable(true);
        setMinSize(120, 80);
    }

    void setOnSelect(IntConsumer action) {
        onSelect = action;
    }

    void setOnHover(HoverListener action) {
        onHover = action;
    }

    void show(List<TokenRow> value) {
        rows = value;
        shown = value.stream().map(r -> TokenLayout.shown(r.text())).toList();
        layout = null;
        hovered = -1;
        requestLayout();
        draw();
    }

    void setMode(ColourMode value) {
        mode = value;
        draw();
    }

    void setTextColour(Color value) {
        textColour = value;
        draw();
    }

    /** Selects a step and scrolls it into view. */
    void select(int step) {
        selected = step;
        ensureLayout();
        if (layout != null && step >= 0 && step < layout.tokenCount()) {
            int line = layout.lineOf(step);
            int visible = visibleLines();
            if (line < scroll.getValue()) {
                scroll.setValue(line);
            } else if (line >= scroll.getValue() + visible) {
                scroll.setValue(Math.min(scroll.getMax(), line - visible + 1));
            }
        }
        draw();
    }

    /** Shows {@code step} as hovered, as the pointer over it would, and tells the hover listener. */
    void peek(int step) {
        ensureLayout();
        if (layout == null || step < 0 || step >= layout.tokenCount()) {
            return;
        }
        hovered = step;
        draw();
        onHover.hovered(step, layoutX(step), layoutBottom(step));
    }

    /** Tokens drawn by the last paint: bounded by what fits on screen, whatever the answer's length. */
    int drawnTokens() {
        return drawnTokens;
    }

    /** Lines that fit on screen. */
    int visibleLines() {
        return Math.max(1, (int) Math.ceil((canvas.getHeight() - PAD) / lineHeight));
    }

    TokenLayout tokenLayout() {
        ensureLayout();
        return layout;
    }

    @Override
    protected void layoutChildren() {
        double barWidth = scroll.prefWidth(-1);
        double w = Math.max(0, getWidth() - barWidth);
        double h = getHeight();
        canvas.setWidth(w);
        canvas.setHeight(h);
        scroll.resizeRelocate(w, 0, barWidth, h);
        if (w != layoutWidth) {
            layout = null;
        }
        ensureLayout();
        updateScroll();
        draw();
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 400;
    }

    private void ensureLayout() {
        double width = canvas.getWidth() - 2 * PAD;
        if (layout == null && width > 0) {
            layout = TokenLayout.of(shown, text -> widths.computeIfAbsent(text, this::measure), i -> TokenLayout.breaksLine(rows.get(i).text()), width);
            layoutWidth = canvas.getWidth();
            updateScroll();
        }
    }

    private double measure(String text) {
        measurer.setText(text);
        return Math.ceil(measurer.getLayoutBounds().getWidth()) + 2;
    }

    private void updateScroll() {
        if (layout != null) {
            scroll.setMax(Math.max(0, layout.lineCount() - visibleLines()));
            scroll.setVisibleAmount(Math.min(visibleLines(), Math.max(1, scroll.getMax())));
            scroll.setValue(Math.min(scroll.getValue(), scroll.getMax()));
        }
    }

    private int firstLine() {
        return (int) Math.floor(scroll.getValue());
    }

    private int tokenAt(double x, double y) {
        if (layout == null) {
            return -1;
        }
        int line = firstLine() + (int) Math.floor((y - PAD) / lineHeight);
        return y < PAD ? -1 : layout.tokenAt(line, x - PAD);
    }

    private double layoutX(int step) {
        return step < 0 || layout == null ? 0 : PAD + layout.xOf(step);
    }

    private double layoutBottom(int step) {
        return step < 0 || layout == null ? 0 : PAD + (layout.lineOf(step) - firstLine() + 1) * lineHeight;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        drawnTokens = 0;
        ensureLayout();
        if (layout == null || layout.lineCount() == 0) {
            return;
        }
        g.setFont(font);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        int first = firstLine();
        int last = Math.min(layout.lineCount(), first + visibleLines());
        for (int line = first; line < last; line++) {
            double y = PAD + (line - first) * lineHeight;
            for (int i = layout.firstOf(line); i < layout.endOf(line); i++) {
                double x = PAD + layout.xOf(i);
                double w = layout.widthOf(i);
                g.setFill(Shades.token(mode.shade(rows.get(i))));
                g.fillRoundRect(x, y, w - 1, lineHeight - 2, 4, 4);
                if (i == selected || i == hovered) {
                    g.setStroke(i == selected ? Shades.accent() : textColour);
                    g.setLineWidth(i == selected ? 2 : 1);
                    g.strokeRoundRect(x, y, w - 1, lineHeight - 2, 4, 4);
                }
                g.setFill(textColour);
                g.fillText(shown.get(i), x + 1, y + LINE_GAP / 2 - 1);
                drawnTokens++;
            }
        }
    }
}
